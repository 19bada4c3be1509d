package dev.prequel.evaluator.line;

import dev.prequel.evaluator.line.LineLedger.AcceptedDataset;
import java.util.ArrayList;
import java.util.List;

/**
 * The line's prequential code length (DESIGN.md), drop by drop in acceptance order: the bits the champion of the
 * moment needed for each drop's labels before anything trained on it, their running sum, and the running sum of the
 * uniform code (examples × log2 of the number of classes) it is measured against. A ratio below 1 means the line's
 * models compress their next data better than knowing nothing would. Pure arithmetic over the ledger.
 *
 * <p>A drop whose bits are unknown (the line's first drop, which has no champion to encode it, or one the champion
 * could not score: other classes or another shape) counts at the uniform code, so the sums stay over the same
 * examples and such a drop neither helps nor hurts the ratio beyond its weight.
 */
public final class CodeLength {

    private CodeLength() {
    }

    /**
     * One drop of the line.
     *
     * @param examples the examples encoded (the whole drop unless preprocess capped it)
     * @param bits their code length: under the champion of the moment, or the uniform code when {@code uniform}
     * @param ratio {@code cumulativeBits / cumulativeUniformBits}; null while the uniform sum is 0 (one class)
     */
    public record Row(String datasetId, int examples, double bits, double bitsPerLabel, boolean uniform,
            double cumulativeBits, double cumulativeUniformBits, Double ratio) {
    }

    /** The uniform code of {@code examples} labels over {@code classes} classes, in bits. */
    public static double uniformBits(int examples, int classes) {
        return classes <= 1 ? 0 : examples * (Math.log(classes) / Math.log(2));
    }

    /** The rows of the ledger's datasets, in acceptance order. */
    public static List<Row> of(List<AcceptedDataset> datasets) {
        List<Row> rows = new ArrayList<>();
        double cumulative = 0;
        double cumulativeUniform = 0;
        for (AcceptedDataset d : datasets) {
            int classes = d.classes() == null ? 0 : d.classes().size();
            int examples = d.codedExamples() != null ? d.codedExamples() : allExamples(d);
            Double measured = d.totalBits() != null ? d.totalBits()
                    : d.bitsPerLabel() != null ? d.bitsPerLabel() * examples : null;
            boolean uniform = measured == null;
            double uniformBits = uniformBits(examples, classes);
            double bits = uniform ? uniformBits : measured;
            cumulative += bits;
            cumulativeUniform += uniformBits;
            rows.add(new Row(d.datasetId(), examples, bits, examples == 0 ? 0 : bits / examples, uniform, cumulative,
                    cumulativeUniform, cumulativeUniform > 0 ? cumulative / cumulativeUniform : null));
        }
        return rows;
    }

    private static int allExamples(AcceptedDataset d) {
        return d.splits() == null ? 0 : d.splits().values().stream().mapToInt(Integer::intValue).sum();
    }
}
