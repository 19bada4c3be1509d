package dev.prequel.serving.registry;

import dev.prequel.events.Buckets;
import dev.prequel.events.ModelPromoted;
import dev.prequel.model.artifact.LoadedModel;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.predict.ImageClassifier;
import dev.prequel.runtime.storage.ObjectStore;
import dev.prequel.serving.budget.InputBudget;
import dev.prequel.serving.config.ServingConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;

/** Downloads a promoted version into the scratch directory and loads it, with the input budget its shape implies. */
@ApplicationScoped
public class ModelLoader {

    private final ObjectStore store;
    private final ModelFiles files;
    private final ServingConfig config;
    private final MeterRegistry meters;

    public ModelLoader(ObjectStore store, ModelFiles files, ServingConfig config, MeterRegistry meters) {
        this.store = store;
        this.files = files;
        this.config = config;
        this.meters = meters;
    }

    public ServedModel load(ModelPromoted promoted) {
        Path dir = files.versionDirectory(promoted.model(), promoted.version());
        long start = System.nanoTime();
        try {
            String prefix = promoted.artifactPrefix() != null ? promoted.artifactPrefix()
                    : Buckets.modelPrefix(promoted.model(), promoted.version());
            store.downloadAll(Buckets.MODELS, prefix, dir);
            LoadedModel loaded = ModelArtifact.load(dir);
            ImageClassifier classifier = new ImageClassifier(loaded);
            InputBudget budget = InputBudget.of(classifier.shape(), config.limits().maxImagesPerRequest(),
                    config.limits().pixelBudgetMultiple());
            meters.counter("prequel.serving.model.loads", "model", promoted.model()).increment();
            meters.timer("prequel.serving.model.load.time", "model", promoted.model())
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            return new ServedModel(promoted.model(), promoted.version(), classifier, dir, budget, () -> files.delete(dir));
        } catch (RuntimeException e) {
            files.delete(dir);
            throw e;
        }
    }
}
