package dev.prequel.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.prequel.model.MnistSample;
import dev.prequel.model.arch.Architectures;
import dev.prequel.model.artifact.LoadedModel;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.artifact.ModelDescriptor;
import dev.prequel.model.predict.Normalisation;
import dev.prequel.model.shard.Example;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real CNN training on 300 MNIST digits: a job stopped after an epoch and resumed from its saved weights and
 * optimizer state ends with the same weights, to the bit, as one that ran straight through.
 *
 * <p>Bit-identity holds for the same device and thread count: libtorch on the CPU sums in a fixed order per thread
 * layout, so two runs in one JVM (same intra-op threads) agree exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResumedTrainingTest {

    private static final int EPOCHS = 3;
    private static final long SEED = 42;

    @TempDir
    static Path dir;

    private List<Example> train;
    private List<Example> validation;
    private Normalisation normalisation;
    private TrainingSettings settings;
    private String straight;

    @BeforeAll
    void trainStraight() {
        train = MnistSample.slice(0, 30);
        validation = MnistSample.slice(150, 160);
        normalisation = Normalisation.compute(train, MnistSample.SHAPE);
        settings = TrainingSettings.of(EPOCHS, 32, 1e-3f, SEED);
        try (Model model = ModelArtifact.newModel(Architectures.CNN, MnistSample.SHAPE, 10, SEED)) {
            List<EpochMetrics> history = ModelTrainer.train(model, train, validation, normalisation, settings,
                    ProgressListener.NONE);
            straight = save(model, history, "straight");
        }
        System.out.printf("cnn, %d epochs straight: params SHA-256 %s%n", EPOCHS, straight);
    }

    @Test
    void twoUninterruptedRunsAreBitIdentical() {
        try (Model model = ModelArtifact.newModel(Architectures.CNN, MnistSample.SHAPE, 10, SEED)) {
            List<EpochMetrics> history = ModelTrainer.train(model, train, validation, normalisation, settings,
                    ProgressListener.NONE);
            assertEquals(straight, save(model, history, "straight-again"));
        }
    }

    @Test
    void aRunResumedAfterEpochOneWithItsOptimizerStateEndsBitIdentical() {
        assertEquals(straight, resumedAfterFirstEpoch(true));
    }

    @Test
    void withoutTheOptimizerStateTheResumedRunDiffers() {
        // Shows the test above is sensitive to the state: a fresh Adam after epoch 1 gives other weights.
        assertNotEquals(straight, resumedAfterFirstEpoch(false));
    }

    @Test
    void theStateSurvivesARoundTripAndRefusesAnotherBlock() {
        try (Model model = ModelArtifact.newModel(Architectures.CNN, MnistSample.SHAPE, 10, SEED)) {
            byte[][] state = new byte[1][];
            ModelTrainer.train(model, train.subList(0, 64), List.of(), normalisation,
                    TrainingSettings.of(1, 32, 1e-3f, SEED), new ProgressListener() {
                        @Override
                        public void onEpochEnd(EpochMetrics metrics, Supplier<byte[]> optimizerState) {
                            state[0] = optimizerState.get();
                        }
                    });
            byte[] adamState = BestEpoch.State.split(state[0])[0];
            ResumableAdam adam = new ResumableAdam(1e-3f);
            adam.importState(adamState, model.getBlock(), model.getNDManager());
            assertArrayEquals(adamState, adam.exportState(model.getBlock()));

            try (Model mlp = ModelArtifact.newModel(Architectures.MLP, MnistSample.SHAPE, 10, SEED)) {
                assertThrows(IllegalArgumentException.class,
                        () -> new ResumableAdam(1e-3f).importState(adamState, mlp.getBlock(), mlp.getNDManager()));
            }
            assertThrows(IllegalArgumentException.class, () -> adam.importState(new byte[] {1, 2, 3},
                    model.getBlock(), model.getNDManager()));
        }
    }

    /** SGD with Nesterov momentum and weight decay, one-cycle per batch, label smoothing, crop and flip, best epoch. */
    private TrainingSettings recipe() {
        return TrainingSettings.of(EPOCHS, 32, 0.05f, SEED).withSchedule(LearningRateSchedule.ONE_CYCLE)
                .withAugmentation(Augmentation.FLIP_SHIFT).withOptions(new TrainingOptions(TrainingOptions.SGD, 0.9f,
                        true, 5e-4f, 0.1f, 0.2f, true, 5));
    }

    @Test
    void theRecipesSettingsResumeBitIdenticalWithTheirMomentumBuffersAndBestEpoch() {
        String recipeStraight;
        try (Model model = ModelArtifact.newModel(Architectures.CNN, MnistSample.SHAPE, 10, SEED)) {
            recipeStraight = save(model, ModelTrainer.train(model, train, validation, normalisation, recipe(),
                    ProgressListener.NONE), "recipe-straight");
        }
        assertNotEquals(straight, recipeStraight, "the settings change training");
        assertEquals(recipeStraight, resumedAfterFirstEpoch(recipe(), true));
        assertNotEquals(recipeStraight, resumedAfterFirstEpoch(recipe(), false), "the momentum buffers matter");
    }

    @Test
    void updatesExactlyLikeDjlsAdam() {
        String[] sha = new String[2];
        for (int run = 0; run < 2; run++) {
            Optimizer optimizer = run == 0
                    ? Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build()
                    : new ResumableAdam(1e-3f);
            try (Model model = ModelArtifact.newModel(Architectures.CNN, MnistSample.SHAPE, 10, SEED);
                    Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .optOptimizer(optimizer).optDevices(new Device[] {model.getNDManager().getDevice()}))) {
                trainer.initialize(new Shape(32, 1, 28, 28));
                for (int b = 0; b < 6; b++) {
                    step(trainer, train.subList(b * 50, b * 50 + 32));
                }
                sha[run] = save(model, List.of(), "adam-" + run);
            }
        }
        assertEquals(sha[0], sha[1], "ResumableAdam and DJL's Adam give other weights");
    }

    private void step(Trainer trainer, List<Example> batch) {
        try (NDManager manager = trainer.getManager().newSubManager()) {
            NDArray data = normalisation.toNDArray(manager, batch.stream().map(Example::pixels).toList(),
                    MnistSample.SHAPE);
            NDArray labels = manager.create(batch.stream().mapToLong(Example::label).toArray());
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList labelList = new NDList(labels);
                collector.backward(trainer.getLoss().evaluate(labelList, trainer.forward(new NDList(data), labelList)));
            }
            trainer.step();
        }
    }

    /** Epoch 1, save, reload into a new model, then epochs 2 and 3; returns the final params' SHA-256. */
    private String resumedAfterFirstEpoch(boolean withOptimizerState) {
        return resumedAfterFirstEpoch(settings, withOptimizerState);
    }

    private String resumedAfterFirstEpoch(TrainingSettings settings, boolean withOptimizerState) {
        String tag = (withOptimizerState ? "resumed-" : "resumed-fresh-") + settings.options().optimizer() + "-"
                + settings.schedule().label();
        byte[][] state = new byte[1][];
        Path checkpoint = dir.resolve(tag + "-epoch1");
        List<EpochMetrics> first = new ArrayList<>();
        try (Model model = ModelArtifact.newModel(Architectures.CNN, MnistSample.SHAPE, 10, SEED)) {
            // The whole job's settings, killed after epoch 1 as a trainer is: the checkpoint is written, then it dies.
            assertThrows(Killed.class, () -> ModelTrainer.train(model, train, validation, normalisation, settings,
                    new ProgressListener() {
                        @Override
                        public void onEpochEnd(EpochMetrics metrics, Supplier<byte[]> optimizerState) {
                            state[0] = optimizerState.get();
                            first.add(metrics);
                            ModelArtifact.save(model, descriptor(first), checkpoint);
                            throw new Killed();
                        }
                    }));
        }
        assertNotNull(state[0]);
        try (LoadedModel loaded = ModelArtifact.load(checkpoint)) {
            List<EpochMetrics> rest = ModelTrainer.train(loaded.model(), train, validation, loaded.normalisation(),
                    settings.resumingAt(2, EPOCHS - 1), withOptimizerState ? state[0] : null, ProgressListener.NONE);
            assertEquals(List.of(2, 3), rest.stream().map(EpochMetrics::epoch).toList());
            List<EpochMetrics> all = new ArrayList<>(first);
            all.addAll(rest);
            return save(loaded.model(), all, tag);
        }
    }

    /** Stands for the trainer's process dying right after a checkpoint. */
    private static final class Killed extends RuntimeException {
    }

    private String save(Model model, List<EpochMetrics> history, String name) {
        return ModelArtifact.save(model, descriptor(history), dir.resolve(name)).paramsSha256();
    }

    private ModelDescriptor descriptor(List<EpochMetrics> history) {
        return new ModelDescriptor("digits", "v-resume", Architectures.CNN, MnistSample.SHAPE, MnistSample.CLASSES,
                normalisation.mean(), normalisation.std(), null, List.of("ds-sample"), Map.of(), history, "cpu",
                Instant.now(), null);
    }
}
