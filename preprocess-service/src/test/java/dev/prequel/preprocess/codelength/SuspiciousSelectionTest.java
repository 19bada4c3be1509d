package dev.prequel.preprocess.codelength;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.model.shard.Example;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SuspiciousSelectionTest {

    /** Log-probabilities of three classes giving {@code own} to the example's label and the rest to class 2 or 0. */
    private static float[] scores(int label, double own) {
        float[] row = new float[3];
        int other = label == 2 ? 0 : 2;
        for (int c = 0; c < 3; c++) {
            row[c] = (float) Math.log(1e-9);
        }
        row[label] = (float) Math.log(own);
        row[other] = (float) Math.log(1 - own);
        return row;
    }

    @Test
    void keepsTheLowestProbabilitiesOfTheirOwnLabelLowestFirst() {
        SuspiciousSelection selection = new SuspiciousSelection(3);
        double[] own = {0.9, 0.2, 0.95, 0.05, 0.6, 0.3, 0.01, 0.99};
        for (int i = 0; i < own.length; i++) {
            selection.offer("train", i, new Example(i % 2, new byte[] {(byte) i}), scores(i % 2, own[i]));
        }
        List<SuspiciousSelection.Candidate> kept = selection.lowestFirst();
        assertEquals(List.of(6, 3, 1), kept.stream().map(SuspiciousSelection.Candidate::index).toList());
        assertEquals(0.01, kept.get(0).probability(), 1e-6);
        assertEquals(2, kept.get(0).guess(), "the champion's guess");
        assertEquals(0.99, kept.get(0).guessProbability(), 1e-6);
        assertEquals(8, selection.offered());
    }

    @Test
    void aLongStreamKeepsExactlyTheSmallestAndZeroKeepsNone() {
        Random random = new Random(5);
        double[] own = IntStream.range(0, 10_000).mapToDouble(i -> 0.001 + 0.998 * random.nextDouble()).toArray();
        SuspiciousSelection selection = new SuspiciousSelection(20);
        SuspiciousSelection none = new SuspiciousSelection(0);
        for (int i = 0; i < own.length; i++) {
            Example e = new Example(1, new byte[1]);
            selection.offer("val", i, e, scores(1, own[i]));
            none.offer("val", i, e, scores(1, own[i]));
        }
        List<Integer> expected = IntStream.range(0, own.length).boxed()
                .sorted(Comparator.comparingDouble(i -> own[i])).limit(20).toList();
        assertEquals(expected, selection.lowestFirst().stream().map(SuspiciousSelection.Candidate::index).toList());
        assertTrue(none.lowestFirst().isEmpty());
        assertEquals(10_000, none.offered());
    }

    @Test
    void tiesKeepTheEarlierExample() {
        SuspiciousSelection selection = new SuspiciousSelection(2);
        for (int i = 0; i < 5; i++) {
            selection.offer("test", i, new Example(0, new byte[1]), scores(0, 0.5));
        }
        assertEquals(List.of(0, 1), selection.lowestFirst().stream().map(SuspiciousSelection.Candidate::index)
                .toList());
    }
}
