package dev.prequel.model.artifact;

import dev.prequel.model.image.ImageShape;
import dev.prequel.model.predict.Normalisation;
import dev.prequel.model.shard.Example;
import dev.prequel.model.train.EpochMetrics;
import dev.prequel.model.train.ModelTrainer;
import dev.prequel.model.train.ProgressListener;
import dev.prequel.model.train.TrainingSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Trains a small model from examples in memory and writes its artifact to a directory: for tests, benchmarks and
 * seeding a {@code base} model. With zero epochs the artifact holds the random initial weights.
 */
public final class LocalModels {
    private LocalModels() {
    }

    public static ModelDescriptor trainAndSave(Path dir, String model, String version, String architecture,
            ImageShape shape, List<String> classes, List<Example> train, int epochs, long seed) {
        Normalisation normalisation = Normalisation.compute(train, shape);
        ModelDescriptor descriptor = new ModelDescriptor(model, version, architecture, shape, classes,
                normalisation.mean(), normalisation.std(), null, List.of(), Map.of(), List.of(), "cpu", Instant.now(),
                null);
        try (var m = ModelArtifact.newModel(descriptor, seed)) {
            List<EpochMetrics> history = epochs == 0 ? List.of()
                    : ModelTrainer.train(m, train, List.of(), normalisation,
                            TrainingSettings.of(epochs, 32, 0.001f, seed), ProgressListener.NONE);
            return ModelArtifact.save(m, descriptor.withHistory(history), dir);
        }
    }
}
