package dev.prequel.trainer.job;

import dev.prequel.events.Buckets;
import dev.prequel.events.EventJson;
import dev.prequel.localstack.LocalStacks;
import dev.prequel.localstack.SampleDrops;
import dev.prequel.localstack.StackObjects;
import dev.prequel.trainer.checkpoint.EpochCheckpoints;
import dev.prequel.model.artifact.LocalModels;
import dev.prequel.model.image.ImageDecoder;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.image.PixelConverter;
import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.model.shard.Example;
import dev.prequel.model.shard.LocalDatasets;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Leaves the buckets as a trainer killed mid-job leaves them: a prepared dataset and a job recorded as pending,
 * with no model written. Runs before the application starts, like the restart of a real trainer.
 */
public class PendingJobSeed implements QuarkusTestResourceLifecycleManager {

    static final TrainingJob JOB = new TrainingJob("train-resume", "v-resume0000001", null, "ds-resume", "cnn", 1, 32,
            0.001f, 42, "test-resume", TrainingJob.PENDING, null);

    /** A job killed after its first epoch: pending, with the checkpoint of epoch 1 of 2. */
    static final TrainingJob CHECKPOINTED = new TrainingJob("train-resume", "v-resume0000002", null, "ds-resume", "cnn",
            2, 32, 0.001f, 42, "test-resume-2", TrainingJob.PENDING, null);

    @Override
    public Map<String, String> start() {
        StackObjects objects = new StackObjects(LocalStacks.shared());
        SampleDrops sample = SampleDrops.load(SampleDrops.locateSample());
        ImageShape shape = new ImageShape(1, 28, 28);
        List<Example> train = sample.slice(0, 10).stream().map(i -> new Example(sample.labels().indexOf(i.label()),
                PixelConverter.toPixels(ImageDecoder.decode(i.bytes()), shape))).toList();
        try {
            Path dir = Files.createTempDirectory("seed");
            LocalDatasets.write(dir, JOB.model(), JOB.datasetId(), sample.labels(), shape,
                    Map.of(DatasetManifest.TRAIN, train, DatasetManifest.VALIDATION, train.subList(0, 10)));
            objects.uploadDirectory(Buckets.DATASETS, Buckets.datasetPrefix(JOB.model(), JOB.datasetId()), dir);
            Path checkpoint = Files.createTempDirectory("checkpoint");
            LocalModels.trainAndSave(checkpoint, CHECKPOINTED.model(), CHECKPOINTED.version(), "cnn", shape,
                    sample.labels(), train, 1, 42);
            objects.uploadDirectory(Buckets.MODELS,
                    EpochCheckpoints.prefix(CHECKPOINTED.model(), CHECKPOINTED.version()), checkpoint);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        objects.put(Buckets.MODELS, JobStore.key(JOB.model(), JOB.version()), EventJson.writeBytes(JOB));
        objects.put(Buckets.MODELS, JobStore.key(CHECKPOINTED.model(), CHECKPOINTED.version()),
                EventJson.writeBytes(CHECKPOINTED));
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
