package dev.prequel.serving.registry;

import dev.prequel.events.Buckets;
import dev.prequel.events.ModelPromoted;
import dev.prequel.model.artifact.LoadedModel;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.predict.ImageClassifier;
import dev.prequel.runtime.messaging.ErrorReporter;
import dev.prequel.runtime.messaging.IncomingEvent;
import dev.prequel.runtime.storage.ObjectStore;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Follows the compacted {@code models.promoted} topic from its start, so a fresh replica rebuilds what to
 * serve from Kafka alone, and hot-loads every newly promoted version without a restart.
 */
@ApplicationScoped
public class PromotionFollower {

    private static final Logger LOG = Logger.getLogger(PromotionFollower.class);

    private final ObjectStore store;
    private final ModelRegistry registry;
    private final ErrorReporter errors;
    private final Path modelDir;

    public PromotionFollower(ObjectStore store, ModelRegistry registry, ErrorReporter errors,
            @ConfigProperty(name = "prequel.serving.model-dir") Path modelDir) {
        this.store = store;
        this.registry = registry;
        this.errors = errors;
        this.modelDir = modelDir;
    }

    @Incoming("models-promoted")
    @Blocking(ordered = true)
    public void onPromoted(ConsumerRecord<String, String> record) {
        var decoded = IncomingEvent.decodeOrReport(record, ModelPromoted.class, errors);
        if (decoded.isEmpty()) {
            return;
        }
        ModelPromoted promoted = decoded.get();
        if (registry.versionOf(promoted.model()).filter(promoted.version()::equals).isPresent()) {
            return; // a redelivery
        }
        try {
            long start = System.nanoTime();
            Path dir = modelDir.resolve(promoted.model()).resolve(promoted.version());
            String prefix = Buckets.modelPrefix(promoted.model(), promoted.version());
            store.downloadAll(Buckets.MODELS, prefix, dir);
            LoadedModel loaded = ModelArtifact.load(dir);
            registry.swap(new ServedModel(promoted.model(), promoted.version(), new ImageClassifier(loaded)));
            LOG.infof("serving %s version %s (%s) — loaded in %d ms", promoted.model(), promoted.version(),
                    promoted.reason(), (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not load %s/%s", promoted.model(), promoted.version());
            errors.report("model-load-failed", String.valueOf(e.getMessage()), promoted.model(), promoted.version(),
                    promoted.correlationId());
        }
    }
}
