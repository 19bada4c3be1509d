package dev.prequel.benchmarks.serving;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Serving's own batch figures from its {@code /q/metrics}: forward passes, images and time spent in them. The
 * difference between two readings tells a cell's mean batch size and forward-pass time, which the raw predictor's
 * cells can be held against.
 */
record BatchFigures(double batches, double images, double seconds) {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static BatchFigures read(String baseUrl, String model) {
        try {
            String text = CLIENT.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return new BatchFigures(value(text, "prequel_serving_batch_size_count", model),
                    value(text, "prequel_serving_batch_size_sum", model),
                    value(text, "prequel_serving_batch_time_seconds_sum", model));
        } catch (Exception e) {
            return new BatchFigures(Double.NaN, Double.NaN, Double.NaN);
        }
    }

    private static double value(String text, String metric, String model) {
        for (String line : text.split("\n")) {
            if (line.startsWith(metric + "{") && line.contains("model=\"" + model + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /** Mean images per forward pass since {@code start}. */
    double meanBatchSince(BatchFigures start) {
        return (images - start.images) / (batches - start.batches);
    }

    /** Mean milliseconds per forward pass since {@code start}. */
    double batchMillisSince(BatchFigures start) {
        return (seconds - start.seconds) * 1000 / (batches - start.batches);
    }
}
