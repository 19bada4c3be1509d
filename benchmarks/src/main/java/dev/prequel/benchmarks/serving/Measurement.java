package dev.prequel.benchmarks.serving;

import java.util.Arrays;

/**
 * One cell's figures in one round: images per second, request latency percentiles, rejected requests, and the
 * cores serving and the driver process used meanwhile, and serving's mean images and milliseconds per forward
 * pass (NaN where not measured: the raw cells say their batch and time in their name and latency).
 */
record Measurement(double imagesPerSecond, double p50Millis, double p99Millis, long requests, long rejected,
        double servingCores, double driverCores, double meanBatch, double batchMillis) {

    static Measurement of(long images, double seconds, long[] latencyNanos, long rejected) {
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        return new Measurement(images / seconds, percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6,
                sorted.length, rejected, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    Measurement withCores(double serving, double driver) {
        return new Measurement(imagesPerSecond, p50Millis, p99Millis, requests, rejected, serving, driver, meanBatch,
                batchMillis);
    }

    /** With serving's mean images and milliseconds per forward pass during the cell. */
    Measurement withBatches(double images, double millis) {
        return new Measurement(imagesPerSecond, p50Millis, p99Millis, requests, rejected, servingCores, driverCores,
                images, millis);
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** The median of each figure over rounds. */
    static Measurement median(java.util.List<Measurement> rounds) {
        return new Measurement(median(rounds.stream().mapToDouble(Measurement::imagesPerSecond).toArray()),
                median(rounds.stream().mapToDouble(Measurement::p50Millis).toArray()),
                median(rounds.stream().mapToDouble(Measurement::p99Millis).toArray()),
                rounds.stream().mapToLong(Measurement::requests).sum(),
                rounds.stream().mapToLong(Measurement::rejected).sum(),
                median(rounds.stream().mapToDouble(Measurement::servingCores).toArray()),
                median(rounds.stream().mapToDouble(Measurement::driverCores).toArray()),
                median(rounds.stream().mapToDouble(Measurement::meanBatch).toArray()),
                median(rounds.stream().mapToDouble(Measurement::batchMillis).toArray()));
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
