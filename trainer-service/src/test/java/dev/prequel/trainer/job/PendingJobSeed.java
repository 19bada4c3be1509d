package dev.prequel.trainer.job;

import dev.prequel.events.Buckets;
import dev.prequel.events.EventJson;
import dev.prequel.localstack.LocalStacks;
import dev.prequel.localstack.SampleDrops;
import dev.prequel.localstack.StackObjects;
import dev.prequel.trainer.checkpoint.EpochCheckpoints;
import ai.djl.Model;
import dev.prequel.model.artifact.LocalModels;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.artifact.ModelDescriptor;
import dev.prequel.model.image.ImageDecoder;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.image.PixelConverter;
import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.model.shard.Example;
import dev.prequel.model.shard.LocalDatasets;
import dev.prequel.model.shard.LocalShards;
import dev.prequel.model.train.EpochMetrics;
import dev.prequel.model.train.ModelTrainer;
import dev.prequel.model.train.ProgressListener;
import dev.prequel.model.train.TrainingOptions;
import dev.prequel.model.train.TrainingSettings;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Leaves the buckets as a trainer killed mid-job leaves them: a prepared dataset and jobs recorded as pending,
 * with no model written (one of them with a checkpoint, one with an older trainer's checkpoint). Runs before the application starts, like the restart of a real trainer.
 */
public class PendingJobSeed implements QuarkusTestResourceLifecycleManager {

    static final TrainingJob JOB = new TrainingJob("train-resume", "v-resume0000001", null, "ds-resume", "cnn", 1, 32,
            0.001f, 42, "test-resume", TrainingJob.PENDING, null);

    /** A job killed after its first epoch: pending, with the checkpoint (weights and optimizer) of epoch 1 of 2. */
    static final TrainingJob CHECKPOINTED = new TrainingJob("train-resume", "v-resume0000002", null, "ds-resume", "cnn",
            2, 32, 0.001f, 42, "test-resume-2", TrainingJob.PENDING, null);

    /** The same job under another version, killed by an older trainer: its checkpoint has no optimizer state. */
    static final TrainingJob LEGACY_CHECKPOINT = new TrainingJob("train-resume", "v-resume0000003", null, "ds-resume",
            "cnn", 2, 32, 0.001f, 42, "test-resume-3", TrainingJob.PENDING, null);

    /**
     * {@link #CHECKPOINTED} with the CIFAR-10 recipe's regimen (SGD with Nesterov momentum and weight decay, one-cycle
     * per batch, label smoothing, flips, the best epoch kept), killed after epoch 1 of 2.
     */
    static final TrainingJob RECIPE_CHECKPOINTED = new TrainingJob("train-resume", "v-resume0000004", null,
            "ds-resume", "cnn", 2, 32, 0.05f, 42, "test-resume-4", TrainingJob.PENDING, null, null, List.of(),
            List.of(), "flip-shift", "one-cycle", new TrainingOptions(TrainingOptions.SGD, 0.9f, true, 5e-4f, 0.1f,
                    0.25f, true, 0));

    /** Config key of the params SHA-256 that an uninterrupted run of {@link #CHECKPOINTED} ends with. */
    static final String STRAIGHT_SHA256 = "prequel.test.resume.straight-sha256";

    /** Config key of the params SHA-256 that an uninterrupted run of {@link #RECIPE_CHECKPOINTED} ends with. */
    static final String RECIPE_STRAIGHT_SHA256 = "prequel.test.resume.recipe-straight-sha256";

    @Override
    public Map<String, String> start() {
        StackObjects objects = new StackObjects(LocalStacks.shared());
        SampleDrops sample = SampleDrops.load(SampleDrops.locateSample());
        ImageShape shape = new ImageShape(1, 28, 28);
        List<Example> train = sample.slice(0, 10).stream().map(i -> new Example(sample.labels().indexOf(i.label()),
                PixelConverter.toPixels(ImageDecoder.decode(i.bytes()), shape))).toList();
        String straight;
        String recipeStraight;
        try {
            Path dir = Files.createTempDirectory("seed");
            DatasetManifest manifest = LocalDatasets.write(dir, JOB.model(), JOB.datasetId(), sample.labels(), shape,
                    Map.of(DatasetManifest.TRAIN, train, DatasetManifest.VALIDATION, train.subList(0, 10)));
            objects.uploadDirectory(Buckets.DATASETS, Buckets.datasetPrefix(JOB.model(), JOB.datasetId()), dir);
            Path checkpoint = Files.createTempDirectory("checkpoint");
            straight = writeCheckpoint(checkpoint, dir, manifest);
            objects.uploadDirectory(Buckets.MODELS,
                    EpochCheckpoints.prefix(CHECKPOINTED.model(), CHECKPOINTED.version()), checkpoint);
            Path recipeCheckpoint = Files.createTempDirectory("recipe-checkpoint");
            recipeStraight = writeKilledCheckpoint(RECIPE_CHECKPOINTED, recipeCheckpoint, dir, manifest);
            objects.uploadDirectory(Buckets.MODELS,
                    EpochCheckpoints.prefix(RECIPE_CHECKPOINTED.model(), RECIPE_CHECKPOINTED.version()),
                    recipeCheckpoint);
            Path legacy = Files.createTempDirectory("legacy-checkpoint");
            LocalModels.trainAndSave(legacy, LEGACY_CHECKPOINT.model(), LEGACY_CHECKPOINT.version(), "cnn", shape,
                    sample.labels(), train, 1, 42);
            objects.uploadDirectory(Buckets.MODELS,
                    EpochCheckpoints.prefix(LEGACY_CHECKPOINT.model(), LEGACY_CHECKPOINT.version()), legacy);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (TrainingJob job : List.of(JOB, CHECKPOINTED, LEGACY_CHECKPOINT, RECIPE_CHECKPOINTED)) {
            objects.put(Buckets.MODELS, JobStore.key(job.model(), job.version()), EventJson.writeBytes(job));
        }
        return Map.of(STRAIGHT_SHA256, straight, RECIPE_STRAIGHT_SHA256, recipeStraight);
    }

    /**
     * Trains epoch 1 of {@link #CHECKPOINTED} as the trainer does (same shards, normalisation, seed) and leaves
     * its checkpoint in {@code checkpoint}; returns the params SHA-256 after both epochs run straight through.
     */
    private static String writeCheckpoint(Path checkpoint, Path data, DatasetManifest manifest) throws IOException {
        TrainingJob job = CHECKPOINTED;
        LocalShards train = LocalShards.split(data, manifest, DatasetManifest.TRAIN);
        LocalShards validation = LocalShards.split(data, manifest, DatasetManifest.VALIDATION);
        ModelDescriptor target = new ModelDescriptor(job.model(), job.version(), job.architecture(), manifest.shape(),
                manifest.classes(), manifest.mean(), manifest.std(), null, List.of(job.datasetId()),
                job.settings().toHyperParameters(), List.of(), null, Instant.now(), null);
        try (Model model = ModelArtifact.newModel(target, job.seed())) {
            byte[][] state = new byte[1][];
            List<EpochMetrics> first = ModelTrainer.train(model, train, validation, target.normalisation(),
                    job.settings().resumingAt(1, 1), new ProgressListener() {
                        @Override
                        public void onEpochEnd(EpochMetrics metrics, Supplier<byte[]> optimizerState) {
                            state[0] = optimizerState.get();
                        }
                    });
            ModelArtifact.save(model, target.withHistory(first), checkpoint);
            Files.write(checkpoint.resolve(EpochCheckpoints.OPTIMIZER_FILE), state[0]);
        }
        try (Model model = ModelArtifact.newModel(target, job.seed())) {
            List<EpochMetrics> all = ModelTrainer.train(model, train, validation, target.normalisation(),
                    job.settings(), ProgressListener.NONE);
            return ModelArtifact.save(model, target.withHistory(all), Files.createTempDirectory("straight"))
                    .paramsSha256();
        }
    }

    /**
     * Runs {@code job} as the trainer does (its whole settings, the runner's count of examples per epoch) and dies
     * right after epoch 1's checkpoint is written to {@code checkpoint}, as a killed trainer does; returns the params
     * SHA-256 of an uninterrupted run.
     */
    private static String writeKilledCheckpoint(TrainingJob job, Path checkpoint, Path data, DatasetManifest manifest)
            throws IOException {
        LocalShards train = LocalShards.split(data, manifest, DatasetManifest.TRAIN);
        LocalShards validation = LocalShards.split(data, manifest, DatasetManifest.VALIDATION);
        ModelDescriptor target = new ModelDescriptor(job.model(), job.version(), job.architecture(), manifest.shape(),
                manifest.classes(), manifest.mean(), manifest.std(), null, List.of(job.datasetId()),
                job.settings().toHyperParameters(), List.of(), null, Instant.now(), null);
        TrainingSettings settings = job.settings().withExamplesPerEpoch(train.examples());
        try (Model model = ModelArtifact.newModel(target, job.seed())) {
            try {
                ModelTrainer.train(model, train, validation, target.normalisation(), settings,
                        new ProgressListener() {
                            @Override
                            public void onEpochEnd(EpochMetrics metrics, Supplier<byte[]> state) {
                                ModelArtifact.save(model, target.withHistory(List.of(metrics)), checkpoint);
                                try {
                                    Files.write(checkpoint.resolve(EpochCheckpoints.OPTIMIZER_FILE), state.get());
                                } catch (IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                                throw new Killed();
                            }
                        });
            } catch (Killed expected) {
                // the checkpoint of epoch 1 is written
            }
        }
        try (Model model = ModelArtifact.newModel(target, job.seed())) {
            List<EpochMetrics> all = ModelTrainer.train(model, train, validation, target.normalisation(), settings,
                    ProgressListener.NONE);
            return ModelArtifact.save(model, target.withHistory(all), Files.createTempDirectory("recipe-straight"))
                    .paramsSha256();
        }
    }

    private static final class Killed extends RuntimeException {
    }

    @Override
    public void stop() {
    }
}
