package dev.prequel.trainer.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.events.Buckets;
import dev.prequel.events.ModelTrained;
import dev.prequel.events.Topics;
import dev.prequel.events.TrainingProgress;
import dev.prequel.events.TrainingRequested;
import dev.prequel.localstack.EventProbe;
import dev.prequel.localstack.LocalStack;
import dev.prequel.localstack.LocalStackResource;
import dev.prequel.localstack.StackObjects;
import dev.prequel.localstack.SyntheticCifar;
import dev.prequel.model.artifact.ModelDescriptor;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.model.shard.Example;
import dev.prequel.model.shard.LocalDatasets;
import dev.prequel.model.train.EpochMetrics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CIFAR-10 recipe's line end to end on the trainer: ResNet-18 with the recipe's regimen, trained on a synthetic
 * CIFAR-10 drop (the real one cannot be fetched here) through the real Kafka broker and S3 server, reports the test
 * accuracy of every epoch and learns clearly above chance (0.1 for ten classes).
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@WithTestResource(PendingJobSeed.class)
@WithTestResource(RecipeLines.class)
class CifarRecipeTest {

    private static final ImageShape SHAPE = new ImageShape(3, 32, 32);

    LocalStack stack;

    @Test
    void theRecipesLineTrainsResNet18OnTheSyntheticDropWellAboveChanceWithTestAccuracyPerEpoch() throws Exception {
        String datasetId = "ds-cifar-synthetic";
        DatasetManifest manifest = upload(datasetId, split(320, 1), split(60, 2), split(150, 3));
        try (EventProbe probe = new EventProbe(stack, Topics.MODELS_TRAINED, Topics.TRAINING_PROGRESS)) {
            probe.publish(new TrainingRequested(RecipeLines.LINE, "job-" + datasetId, datasetId, null, List.of(),
                    manifest.classes(), "test-" + datasetId));
            ModelTrained trained = probe.await(Topics.MODELS_TRAINED, ModelTrained.class,
                    e -> e.model().equals(RecipeLines.LINE), Duration.ofMinutes(8));
            List<TrainingProgress> progress = probe.matching(Topics.TRAINING_PROGRESS, TrainingProgress.class,
                    p -> p.version().equals(trained.version()));
            ModelDescriptor descriptor = ModelDescriptor.fromJson(new StackObjects(stack).get(Buckets.MODELS,
                    Buckets.modelJsonKey(RecipeLines.LINE, trained.version())));
            for (EpochMetrics m : descriptor.history()) {
                System.out.printf("synthetic CIFAR-10, ResNet-18, recipe: epoch %d: train loss %.4f, train accuracy "
                        + "%.4f, validation accuracy %.4f, test accuracy %.4f, %.1f img/s on %s, %.1f s%n", m.epoch(),
                        m.trainLoss(), m.trainAccuracy(), m.validationAccuracy(), m.testAccuracy(),
                        m.imagesPerSecond(), m.device(), m.seconds());
            }
            assertEquals("resnet18", trained.architecture());
            assertEquals(RecipeLines.EPOCHS, descriptor.history().size());
            assertEquals(List.of(1, 2, 3), progress.stream().map(TrainingProgress::epoch).toList());
            for (TrainingProgress p : progress) {
                assertNotNull(p.testAccuracy(), "epoch " + p.epoch() + " reports its test accuracy");
            }
            assertEquals(150L, descriptor.history().get(0).testExamples());
            Map<String, String> hyper = descriptor.hyperParameters();
            assertEquals("sgd", hyper.get("optimizer"));
            assertEquals("true", hyper.get("nesterov"));
            assertEquals("5.0E-4", hyper.get("weightDecay"));
            assertEquals("one-cycle", hyper.get("learningRateSchedule"));
            assertEquals("flip-shift", hyper.get("augmentation"));
            assertEquals("0.1", hyper.get("labelSmoothing"));
            assertEquals(progress.get(2).testAccuracy(), trained.testAccuracy());
            assertTrue(trained.testAccuracy() > 0.5, "well above chance (0.1): " + trained.testAccuracy());
        }
    }

    /** {@code count} synthetic CIFAR-10 records as examples. */
    private static List<Example> split(int count, long seed) {
        byte[] batch = SyntheticCifar.batch(count, seed);
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            examples.add(new Example(SyntheticCifar.label(batch, i), SyntheticCifar.pixels(batch, i)));
        }
        return examples;
    }

    /** Leaves the dataset as preprocess would: shards and manifest in the datasets bucket. */
    private DatasetManifest upload(String datasetId, List<Example> train, List<Example> validation,
            List<Example> test) throws Exception {
        Path dir = Files.createTempDirectory("cifar");
        DatasetManifest manifest = LocalDatasets.write(dir, RecipeLines.LINE, datasetId, SyntheticCifar.CLASSES, SHAPE,
                Map.of(DatasetManifest.TRAIN, train, DatasetManifest.VALIDATION, validation, DatasetManifest.TEST,
                        test));
        StackObjects objects = new StackObjects(stack);
        objects.uploadDirectory(Buckets.DATASETS, Buckets.datasetPrefix(RecipeLines.LINE, datasetId), dir);
        return manifest;
    }
}
