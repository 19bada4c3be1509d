package dev.prequel.evaluator.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A model's calibration on a set of examples: examples binned by the confidence of their guess (equal-width bins
 * over [0, 1]; a confidence of exactly 1 falls in the last bin), each bin's mean confidence and accuracy, and the
 * expected calibration error, the examples-weighted mean gap between the two: ECE = Σ_b (n_b / N) |acc_b − conf_b|.
 *
 * @param examples N, the examples binned
 */
public record ReliabilityBins(List<Bin> bins, int examples, double expectedCalibrationError) {

    /** One bin; {@code meanConfidence} and {@code accuracy} are 0 when it is empty. */
    public record Bin(double lower, double upper, int count, double meanConfidence, double accuracy) {
    }

    public ReliabilityBins {
        bins = List.copyOf(bins);
    }

    public static ReliabilityBins of(double[] confidence, boolean[] correct, int binCount) {
        if (confidence.length != correct.length) {
            throw new IllegalArgumentException("one confidence per correctness flag");
        }
        if (binCount < 1) {
            throw new IllegalArgumentException("at least one bin");
        }
        int[] count = new int[binCount];
        double[] confidenceSum = new double[binCount];
        int[] right = new int[binCount];
        for (int i = 0; i < confidence.length; i++) {
            double c = Math.max(0, Math.min(1, confidence[i]));
            int b = Math.min(binCount - 1, (int) Math.floor(c * binCount));
            count[b]++;
            confidenceSum[b] += c;
            right[b] += correct[i] ? 1 : 0;
        }
        List<Bin> bins = new ArrayList<>(binCount);
        double ece = 0;
        for (int b = 0; b < binCount; b++) {
            double meanConfidence = count[b] == 0 ? 0 : confidenceSum[b] / count[b];
            double accuracy = count[b] == 0 ? 0 : (double) right[b] / count[b];
            bins.add(new Bin((double) b / binCount, (double) (b + 1) / binCount, count[b], meanConfidence, accuracy));
            if (count[b] > 0) {
                ece += (double) count[b] / confidence.length * Math.abs(accuracy - meanConfidence);
            }
        }
        return new ReliabilityBins(bins, confidence.length, ece);
    }
}
