package dev.prequel.serving.batch;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One caller's images (model-ready CHW pixels) waiting for a forward pass. All of a request's images go into the
 * same batch.
 *
 * @param version the version the caller named, or null for the served one
 * @param enqueuedNanos {@link System#nanoTime()} at submission: a batch waits for company at most the batch delay
 *                      after its oldest job arrived
 */
public record ScoringJob(String model, String version, List<byte[]> images, long enqueuedNanos,
        CompletableFuture<Scores> answer) {

    public static ScoringJob of(String model, String version, List<byte[]> images) {
        return new ScoringJob(model, version, List.copyOf(images), System.nanoTime(), new CompletableFuture<>());
    }

    public int size() {
        return images.size();
    }
}
