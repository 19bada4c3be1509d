package dev.prequel.trainer.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.prequel.events.Buckets;
import dev.prequel.events.EventJson;
import dev.prequel.events.ModelTrained;
import dev.prequel.events.TrainingProgress;
import dev.prequel.model.artifact.ModelDescriptor;
import dev.prequel.trainer.checkpoint.EpochCheckpoints;
import java.util.List;
import dev.prequel.events.Topics;
import dev.prequel.localstack.EventProbe;
import dev.prequel.localstack.LocalStack;
import dev.prequel.localstack.LocalStackResource;
import dev.prequel.localstack.StackObjects;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A trainer that starts and finds an unfinished job finishes it, with no Kafka record to trigger it. The seed runs
 * before the application starts; every test class of this module declares the same resources, so the application
 * starts once (libtorch's native library cannot be loaded again by a restarted application's class loader).
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@WithTestResource(PendingJobSeed.class)
@WithTestResource(RecipeLines.class)
class ResumeAfterRestartTest {

    LocalStack stack;

    @Test
    void aPendingJobIsResumedAtStartAndMarkedDone() {
        TrainingJob job = PendingJobSeed.JOB;
        try (EventProbe probe = new EventProbe(stack, Topics.MODELS_TRAINED)) {
            ModelTrained trained = probe.await(Topics.MODELS_TRAINED, ModelTrained.class,
                    e -> e.version().equals(job.version()), Duration.ofMinutes(3));
            assertEquals(job.datasetId(), trained.testDatasetId());
        }
        StackObjects objects = new StackObjects(stack);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> TrainingJob.DONE.equals(
                EventJson.read(objects.get(Buckets.MODELS, JobStore.key(job.model(), job.version())), TrainingJob.class)
                        .state()));
        objects.get(Buckets.MODELS, Buckets.modelJsonKey(job.model(), job.version()));
    }

    @Test
    void aJobKilledAfterAnEpochContinuesFromItsCheckpointToTheUninterruptedWeights() {
        TrainingJob job = PendingJobSeed.CHECKPOINTED;
        ModelDescriptor written = awaitTrained(job);
        assertEquals(List.of(2), progressEpochs, "only the second epoch ran again");
        assertEquals(List.of(1, 2), written.history().stream().map(h -> h.epoch()).toList());
        assertEquals(straightSha256(), written.paramsSha256(), "resumed weights equal the uninterrupted run's");
        StackObjects objects = new StackObjects(stack);
        for (String file : List.of("model.json", "model.params", EpochCheckpoints.OPTIMIZER_FILE)) {
            assertThrows(IllegalStateException.class, () -> objects.get(Buckets.MODELS,
                    EpochCheckpoints.prefix(job.model(), job.version()) + file), "the checkpoint's " + file + " is cleared");
        }
    }

    @Test
    void aJobWithTheRecipesRegimenKilledAfterAnEpochResumesToTheUninterruptedWeights() {
        TrainingJob job = PendingJobSeed.RECIPE_CHECKPOINTED;
        ModelDescriptor written = awaitTrained(job);
        assertEquals(List.of(2), progressEpochs, "only the second epoch ran again");
        assertEquals(ConfigProvider.getConfig().getValue(PendingJobSeed.RECIPE_STRAIGHT_SHA256, String.class),
                written.paramsSha256(), "momentum buffers, best epoch and per-batch rates survived the restart");
        assertEquals("sgd", written.hyperParameters().get("optimizer"));
        assertEquals("true", written.hyperParameters().get("nesterov"));
        assertEquals("one-cycle", written.hyperParameters().get("learningRateSchedule"));
        assertEquals("0.1", written.hyperParameters().get("labelSmoothing"));
        assertEquals("true", written.hyperParameters().get("keepBestEpoch"));
    }

    @Test
    void aCheckpointWithoutOptimizerStateIsTrainedAgainFromEpochOne() {
        ModelDescriptor written = awaitTrained(PendingJobSeed.LEGACY_CHECKPOINT);
        assertEquals(List.of(1, 2), progressEpochs, "both epochs ran");
        assertEquals(straightSha256(), written.paramsSha256(), "the same weights as an uninterrupted run");
    }

    private List<Integer> progressEpochs = List.of();

    /** Waits for the job's announcement and returns its model.json; records the epochs it reported. */
    private ModelDescriptor awaitTrained(TrainingJob job) {
        try (EventProbe probe = new EventProbe(stack, Topics.MODELS_TRAINED, Topics.TRAINING_PROGRESS)) {
            probe.await(Topics.MODELS_TRAINED, ModelTrained.class, e -> e.version().equals(job.version()),
                    Duration.ofMinutes(3));
            progressEpochs = probe.matching(Topics.TRAINING_PROGRESS, TrainingProgress.class,
                    p -> p.version().equals(job.version())).stream().map(TrainingProgress::epoch).toList();
        }
        return ModelDescriptor.fromJson(new StackObjects(stack).get(Buckets.MODELS,
                Buckets.modelJsonKey(job.model(), job.version())));
    }

    private static String straightSha256() {
        return ConfigProvider.getConfig().getValue(PendingJobSeed.STRAIGHT_SHA256, String.class);
    }
}
