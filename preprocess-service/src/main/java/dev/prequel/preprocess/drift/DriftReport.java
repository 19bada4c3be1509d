package dev.prequel.preprocess.drift;

import java.util.List;

/**
 * How a dataset differs from the line's previous one ({@code stats.json}, {@code drift}).
 *
 * @param previousDatasetId the dataset compared with
 * @param classDivergence Jensen–Shannon divergence of the class distributions, in bits (0..1)
 * @param classPsi population stability index of the class distribution
 * @param channelMeanShift largest per-channel change of the mean pixel value, in the previous dataset's standard
 *     deviations; null when the shapes differ
 * @param flagged whether a threshold was crossed
 * @param reasons what crossed which threshold, for people
 */
public record DriftReport(String previousDatasetId, double classDivergence, double classPsi, Double channelMeanShift,
        double divergenceThreshold, double meanShiftThreshold, boolean flagged, List<String> reasons) {
}
