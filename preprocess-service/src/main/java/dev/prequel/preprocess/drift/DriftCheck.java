package dev.prequel.preprocess.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares a dataset with the line's previous one: the class mix (Jensen–Shannon divergence, and PSI for
 * reference) and the per-channel mean pixel value. Crossing either threshold flags the dataset; it is still
 * prepared (drift is news, not an error), and the flag travels on {@code datasets.prepared}.
 *
 * @param divergenceThreshold {@code prequel.preprocess.drift-threshold}, JS divergence in bits
 * @param meanShiftThreshold {@code prequel.preprocess.drift-mean-shift-threshold}, in standard deviations
 */
public record DriftCheck(double divergenceThreshold, double meanShiftThreshold) {

    /** The class counts and channel statistics a comparison needs. */
    public record Profile(String datasetId, Map<String, Integer> perClass, float[] channelMean, float[] channelStd) {
    }

    public DriftReport compare(Profile previous, Profile current) {
        double divergence = Divergences.jensenShannon(previous.perClass(), current.perClass());
        double psi = Divergences.populationStability(previous.perClass(), current.perClass());
        Double shift = meanShift(previous, current);
        List<String> reasons = new ArrayList<>();
        if (divergence > divergenceThreshold) {
            reasons.add(String.format(Locale.ROOT, "class mix: JS divergence %.3f bits > %.3f", divergence,
                    divergenceThreshold));
        }
        if (shift != null && shift > meanShiftThreshold) {
            reasons.add(String.format(Locale.ROOT, "pixel mean moved %.2f standard deviations > %.2f", shift,
                    meanShiftThreshold));
        }
        return new DriftReport(previous.datasetId(), divergence, psi, shift, divergenceThreshold, meanShiftThreshold,
                !reasons.isEmpty(), reasons);
    }

    static Double meanShift(Profile previous, Profile current) {
        float[] before = previous.channelMean();
        float[] after = current.channelMean();
        float[] std = previous.channelStd();
        if (before == null || after == null || std == null || before.length != after.length || std.length != before.length) {
            return null;
        }
        double largest = 0;
        for (int c = 0; c < before.length; c++) {
            largest = Math.max(largest, Math.abs(after[c] - before[c]) / Math.max(std[c], 1e-3));
        }
        return largest;
    }
}
