package dev.prequel.evaluator.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.evaluator.line.LineLedger.AcceptedDataset;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ledger's prequential arithmetic against cases worked out by hand. */
class CodeLengthTest {

    private static final List<String> FOUR = List.of("a", "b", "c", "d");

    private static AcceptedDataset drop(int seq, List<String> classes, Map<String, Integer> splits,
            Double bitsPerLabel, Integer codedExamples, Double totalBits) {
        return new AcceptedDataset(seq, "ds-" + seq, classes, 1, 28, 28, splits, false, false, bitsPerLabel,
                Instant.EPOCH, "c", codedExamples, totalBits);
    }

    @Test
    void threeDropsOfTenLabelsOverFourClasses() {
        // Uniform code: 10 × log2(4) = 20 bits a drop. The first drop has no champion: it counts at 20 bits.
        // Then the champions need 5 and 2 bits: cumulative 20, 25, 27 of 20, 40, 60 -> ratios 1, 0.625, 0.45.
        Map<String, Integer> splits = Map.of("train", 6, "val", 2, "test", 2);
        List<CodeLength.Row> rows = CodeLength.of(List.of(drop(1, FOUR, splits, null, null, null),
                drop(2, FOUR, splits, 0.5, 10, 5.0), drop(3, FOUR, splits, 0.2, 10, 2.0)));
        assertEquals(3, rows.size());
        double[] bits = {20, 5, 2};
        double[] cumulative = {20, 25, 27};
        double[] uniform = {20, 40, 60};
        double[] ratio = {1, 0.625, 0.45};
        double[] perLabel = {2, 0.5, 0.2};
        for (int i = 0; i < 3; i++) {
            CodeLength.Row row = rows.get(i);
            assertEquals("ds-" + (i + 1), row.datasetId());
            assertEquals(10, row.examples());
            assertEquals(bits[i], row.bits(), 1e-12, "bits of drop " + (i + 1));
            assertEquals(perLabel[i], row.bitsPerLabel(), 1e-12);
            assertEquals(cumulative[i], row.cumulativeBits(), 1e-12);
            assertEquals(uniform[i], row.cumulativeUniformBits(), 1e-12);
            assertEquals(ratio[i], row.ratio(), 1e-12);
        }
        assertTrue(rows.get(0).uniform());
        assertFalse(rows.get(1).uniform());
        assertFalse(rows.get(2).uniform());
    }

    @Test
    void aCappedDropCountsTheExamplesEncodedAndAnOlderLedgerEveryExampleOfItsSplits() {
        // Capped at 8 of 16 examples, 8 classes: 12 bits against 8 × 3 = 24. An older entry with only 1.5 bits per
        // label and splits of 4: 6 bits against 4 × 3 = 12. Cumulative 18 of 36: ratio 0.5.
        List<String> eight = List.of("0", "1", "2", "3", "4", "5", "6", "7");
        List<CodeLength.Row> rows = CodeLength.of(List.of(drop(1, eight, Map.of("train", 16), 1.5, 8, 12.0),
                drop(2, eight, Map.of("train", 3, "test", 1), 1.5, null, null)));
        assertEquals(8, rows.get(0).examples());
        assertEquals(0.5, rows.get(0).ratio(), 1e-12);
        assertEquals(4, rows.get(1).examples());
        assertEquals(6, rows.get(1).bits(), 1e-12);
        assertEquals(18, rows.get(1).cumulativeBits(), 1e-12);
        assertEquals(36, rows.get(1).cumulativeUniformBits(), 1e-12);
        assertEquals(0.5, rows.get(1).ratio(), 1e-12);
    }

    @Test
    void aSingleClassLineHasNoRatio() {
        assertEquals(0, CodeLength.uniformBits(10, 1));
        assertEquals(30, CodeLength.uniformBits(10, 8), 1e-12);
        CodeLength.Row row = CodeLength.of(List.of(drop(1, List.of("only"), Map.of("train", 5), null, null, null)))
                .get(0);
        assertEquals(0, row.bits());
        assertNull(row.ratio());
    }
}
