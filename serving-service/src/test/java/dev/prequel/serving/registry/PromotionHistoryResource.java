package dev.prequel.serving.registry;

import dev.prequel.events.Buckets;
import dev.prequel.events.ModelPromoted;
import dev.prequel.events.Topics;
import dev.prequel.localstack.EventProbe;
import dev.prequel.localstack.LocalStack;
import dev.prequel.localstack.LocalStacks;
import dev.prequel.localstack.StackObjects;
import dev.prequel.model.artifact.LocalModels;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.shard.Example;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The state a restarted replica finds: a model line promoted three times before serving starts, and files a killed
 * predecessor left in the scratch directory.
 */
public class PromotionHistoryResource implements QuarkusTestResourceLifecycleManager {

    static final String MODEL = "restart-line";
    static final List<String> HISTORY = List.of("r-v1", "r-v2", "r-v3");
    static final ImageShape SHAPE = new ImageShape(1, 28, 28);
    static final Path STALE = Path.of("target/serving-models/stale-line/old/stale.params");

    private LocalStack stack;

    @Override
    public Map<String, String> start() {
        stack = LocalStacks.shared();
        try {
            Files.createDirectories(STALE.getParent());
            Files.write(STALE, new byte[] {1});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (EventProbe probe = new EventProbe(stack, Topics.ERRORS)) {
            HISTORY.forEach(v -> promote(stack, probe, v, "evaluation"));
        }
        Map<String, String> config = new LinkedHashMap<>(stack.serviceConfig());
        config.put("quarkus.kafka.devservices.enabled", "false");
        return config;
    }

    /** Uploads a version with random weights and publishes its promotion. */
    static void promote(LocalStack stack, EventProbe probe, String version, String reason) {
        Random random = new Random(version.hashCode());
        List<Example> examples = IntStream.range(0, 8).mapToObj(i -> {
            byte[] pixels = new byte[SHAPE.size()];
            random.nextBytes(pixels);
            return new Example(i % 10, pixels);
        }).toList();
        try {
            Path dir = Files.createTempDirectory("model");
            LocalModels.trainAndSave(dir, MODEL, version, "cnn", SHAPE,
                    IntStream.range(0, 10).mapToObj(String::valueOf).toList(), examples, 0, version.hashCode());
            new StackObjects(stack).uploadDirectory(Buckets.MODELS, Buckets.modelPrefix(MODEL, version), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        probe.publish(new ModelPromoted(MODEL, version, null, Buckets.modelPrefix(MODEL, version), null, reason,
                Instant.now(), "history-" + version));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(stack, new TestInjector.MatchesType(LocalStack.class));
    }

    @Override
    public void stop() {
        // the shared stack stops at the end of the run
    }
}
