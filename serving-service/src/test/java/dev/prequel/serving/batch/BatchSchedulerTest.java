package dev.prequel.serving.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.model.artifact.LocalModels;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.predict.ImageClassifier;
import dev.prequel.model.shard.Example;
import dev.prequel.serving.budget.InputBudget;
import dev.prequel.serving.config.ServingConfig;
import dev.prequel.serving.registry.ModelRegistry;
import dev.prequel.serving.registry.ServedModel;
import dev.prequel.localstack.LocalStackResource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batcher on real DJL models (random weights): batching, a bounded queue, versions closing when done. The
 * objects are built here, not injected; it runs as a Quarkus test only so that DJL's native library is loaded by the
 * same class loader as in the other tests of this JVM (a JNI library loads into one class loader only).
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class BatchSchedulerTest {

    private static final ImageShape SHAPE = new ImageShape(1, 28, 28);
    private static final List<String> CLASSES = IntStream.range(0, 10).mapToObj(String::valueOf).toList();
    private static final Random RANDOM = new Random(3);

    @TempDir
    static Path temp;
    private static ModelRegistry registry;
    private static BatchScheduler scheduler;
    private static SimpleMeterRegistry meters;
    private static final List<Path> closed = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        registry = new ModelRegistry();
        meters = new SimpleMeterRegistry();
        scheduler = new BatchScheduler(registry, config(8, Duration.ofMillis(20), 4, 1), meters);
        registry.promote(load("v1"));
    }

    @AfterAll
    static void stop() throws Exception {
        scheduler.stop();
        registry.retireAll();
    }

    private static byte[] image() {
        byte[] pixels = new byte[SHAPE.size()];
        RANDOM.nextBytes(pixels);
        return pixels;
    }

    private static ServedModel load(String version) throws Exception {
        Path dir = Files.createDirectories(temp.resolve(version));
        List<Example> examples = IntStream.range(0, 8).mapToObj(i -> new Example(i % 10, image())).toList();
        LocalModels.trainAndSave(dir, "line", version, "cnn", SHAPE, CLASSES, examples, 0, 7);
        ImageClassifier classifier = new ImageClassifier(ModelArtifact.load(dir));
        return new ServedModel("line", version, classifier, dir, InputBudget.of(SHAPE, 8, 4), () -> {
            synchronized (closed) {
                closed.add(dir);
            }
        });
    }

    @Test
    void aFloodIsBatchedAndTheQueueRefusesWhatItCannotHold() throws Exception {
        List<byte[]> first = List.of(image());
        List<CompletableFuture<Scores>> accepted = new ArrayList<>();
        List<List<byte[]>> inputs = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < 400; i++) {
            List<byte[]> images = i == 0 ? first : List.of(image(), image());
            try {
                accepted.add(scheduler.submit("line", null, images));
                inputs.add(images);
            } catch (QueueFullException e) {
                refused++;
            }
        }
        assertTrue(refused > 0, "a queue of 4 cannot take 400 requests at once");
        for (int i = 0; i < accepted.size(); i++) {
            Scores s = accepted.get(i).get(30, TimeUnit.SECONDS);
            assertEquals(inputs.get(i).size(), s.probabilities().length);
        }
        var sizes = meters.find("prequel.serving.batch.size").summary();
        assertTrue(sizes.max() > 2, "requests waiting together share a forward pass, max batch " + sizes.max());
        assertTrue(sizes.max() <= 8, "never more than max-batch-size images");

        // Batched rows are the rows the model gives each image alone.
        float[] alone = registry.current("line").orElseThrow().lease().map(l -> {
            try (l) {
                return l.probabilities(first)[0];
            }
        }).orElseThrow();
        assertArrayEquals(alone, accepted.get(0).get().probabilities()[0], 1e-5f);
    }

    @Test
    void aLoneLargeRequestIsSharedByTheIdleWorkersAndAnsweredInOrder() throws Exception {
        SimpleMeterRegistry own = new SimpleMeterRegistry();
        BatchScheduler twoWorkers = new BatchScheduler(registry, config(8, Duration.ZERO, 4, 2), own);
        try {
            List<byte[]> images = IntStream.range(0, 8).mapToObj(i -> image()).toList();
            Scores scores = twoWorkers.submit("line", null, images).get(30, TimeUnit.SECONDS);
            var sizes = own.find("prequel.serving.batch.size").summary();
            assertEquals(2, sizes.count(), "two forward passes, one per worker");
            assertEquals(4, sizes.max(), "of half the request each");

            float[][] whole = registry.current("line").orElseThrow().lease().map(l -> {
                try (l) {
                    return l.probabilities(images);
                }
            }).orElseThrow();
            assertEquals(8, scores.probabilities().length);
            for (int i = 0; i < 8; i++) {
                assertArrayEquals(whole[i], scores.probabilities()[i], 1e-5f, "row " + i + " in request order");
            }
            assertEquals(registry.current("line").orElseThrow().version(), scores.version());

            twoWorkers.submit("line", null, images.subList(0, 3)).get(30, TimeUnit.SECONDS);
            assertEquals(3, sizes.count(), "a request under split-from stays whole");
        } finally {
            twoWorkers.stop();
        }
    }

    @Test
    void aModelNeverServedGetsNoQueue() {
        assertThrows(VersionNotServedException.class, () -> scheduler.submit("nope", null, List.of(image())));
    }

    @Test
    void theVersionPushedOutClosesAndIsDeletedOnceItsWorkIsDone() throws Exception {
        ServedModel v1 = registry.current("line").orElseThrow();
        assertEquals("v1", scheduler.submit("line", null, List.of(image())).get(30, TimeUnit.SECONDS).version());
        registry.promote(load("v2"));
        assertEquals("v1", scheduler.submit("line", "v1", List.of(image())).get(30, TimeUnit.SECONDS).version(),
                "the previous version stays loaded and can be named");
        assertEquals("v2", scheduler.submit("line", null, List.of(image())).get(30, TimeUnit.SECONDS).version());
        assertTrue(Files.exists(v1.directory()));

        registry.promote(load("v3"));
        assertTrue(v1.isRetired());
        ExecutionException gone = assertThrows(ExecutionException.class,
                () -> scheduler.submit("line", "v1", List.of(image())).get(30, TimeUnit.SECONDS));
        assertInstanceOf(VersionNotServedException.class, gone.getCause());
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            synchronized (closed) {
                return closed.contains(v1.directory());
            }
        });
        assertFalse(v1.lease().isPresent(), "a closed version hands out no lease");
        assertEquals("v2", scheduler.submit("line", "v2", List.of(image())).get(30, TimeUnit.SECONDS).version());
    }

    static ServingConfig config(int maxBatch, Duration delay, int capacity, int workers) {
        ServingConfig.Batch batch = new ServingConfig.Batch() {
            public int maxBatchSize() {
                return maxBatch;
            }

            public Duration maxBatchDelay() {
                return delay;
            }

            public int queueCapacity() {
                return capacity;
            }

            public int workers() {
                return workers;
            }

            public int splitFrom() {
                return 4;
            }

            public int engineThreads() {
                return 1;
            }
        };
        return new ServingConfig() {
            public int topK() {
                return 3;
            }

            public Path modelDir() {
                return temp;
            }

            public Batch batch() {
                return batch;
            }

            public Limits limits() {
                return new Limits() {
                    public MemorySize maxBodySize() {
                        return new MemorySize(BigInteger.valueOf(1 << 20));
                    }

                    public int maxImagesPerRequest() {
                        return 16;
                    }

                    public int maxConcurrentDecodes() {
                        return 2;
                    }

                    public int pixelBudgetMultiple() {
                        return 4;
                    }

                    public MemorySize maxObjectSize() {
                        return maxBodySize();
                    }

                    public MemorySize maxKafkaRequestSize() {
                        return maxBodySize();
                    }
                };
            }

            public Kafka kafka() {
                return () -> Duration.ofSeconds(1);
            }
        };
    }
}
