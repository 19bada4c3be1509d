package dev.prequel.serving.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Serving's settings, read once at start so a misspelt or malformed key fails the start, not a request. The
 * defaults are documented in {@code application.properties}.
 */
@ConfigMapping(prefix = "prequel.serving")
public interface ServingConfig {

    /** Classes returned per Kafka prediction unless the request asks otherwise. */
    int topK();

    /** Scratch directory for downloaded model versions: emptied at start and at stop. */
    Path modelDir();

    Batch batch();

    Limits limits();

    Kafka kafka();

    /** Dynamic batching: one bounded queue and a few workers per model line. */
    interface Batch {
        /** Most images in one forward pass that joins requests; a larger request runs alone (see {@link #splitFrom}). */
        @WithDefault("32")
        int maxBatchSize();

        /** Longest a request waits for others to join its batch. */
        @WithDefault("0ms")
        Duration maxBatchDelay();

        /** Requests waiting per model line; beyond it HTTP answers 503 with Retry-After. */
        @WithDefault("64")
        int queueCapacity();

        /** Workers per model line, each with its own predictor. */
        @WithDefault("2")
        int workers();

        /**
         * A request of at least this many images that finds other workers idle is split among them: one forward pass
         * each, answered as one. Above {@code limits.max-images-per-request}, requests are never split.
         */
        @WithDefault("16")
        int splitFrom();

        /** libtorch's intra-op threads per forward pass (for the whole process; read before the engine loads). */
        @WithDefault("1")
        int engineThreads();
    }

    /** What one request may cost, so no client can exhaust memory. */
    interface Limits {
        /** Largest HTTP request body (JSON or binary). */
        @WithDefault("4M")
        MemorySize maxBodySize();

        /** Most images (tensor rows or encoded images) in one request. */
        @WithDefault("64")
        int maxImagesPerRequest();

        /** An encoded image may have at most this many times the model's input pixels (height × width). */
        @WithDefault("64")
        int pixelBudgetMultiple();

        /**
         * HTTP requests read and decoded at once; more get 503 with Retry-After. With the body limit it bounds the
         * memory request bodies can hold.
         */
        @WithDefault("64")
        int maxConcurrentDecodes();

        /** Largest object read from the landing bucket (score drops, Kafka requests by object key). */
        @WithDefault("16M")
        MemorySize maxObjectSize();

        /** Largest {@code predict.requests} record value. */
        @WithDefault("1M")
        MemorySize maxKafkaRequestSize();
    }

    interface Kafka {
        /** How long a Kafka request waits for room in a full queue before it is answered {@code overloaded}. */
        @WithDefault("30s")
        Duration enqueueTimeout();
    }
}
