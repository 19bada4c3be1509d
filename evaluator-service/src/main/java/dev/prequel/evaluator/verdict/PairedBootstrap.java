package dev.prequel.evaluator.verdict;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded bootstrap of the mean of paired differences (champion's bits minus the candidate's, per example): its
 * one-sided lower confidence bound says whether the candidate's log-loss is better beyond noise. Deterministic for a
 * seed, so a verdict can be reproduced.
 */
public final class PairedBootstrap {
    private PairedBootstrap() {
    }

    /** The mean difference and its lower bound at {@code confidence}. */
    public record Interval(double mean, double lowerBound, int pairs) {
    }

    public static Interval lowerBound(double[] differences, double confidence, int resamples, long seed) {
        int n = differences.length;
        if (n == 0) {
            return new Interval(Double.NaN, Double.NaN, 0);
        }
        double mean = Arrays.stream(differences).sum() / n;
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += differences[random.nextInt(n)];
            }
            means[r] = sum / n;
        }
        Arrays.sort(means);
        int index = (int) Math.floor((1 - confidence) * resamples);
        return new Interval(mean, means[Math.min(resamples - 1, Math.max(0, index))], n);
    }
}
