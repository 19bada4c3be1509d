package dev.prequel.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.prequel.model.MnistSample;
import dev.prequel.model.arch.Architectures;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.predict.Normalisation;
import dev.prequel.model.shard.Example;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Early stop, the best epoch's weights and the per-epoch test accuracy, on real CNN training of MNIST digits. */
class TrainingRegimenTest {

    private static final long SEED = 11;
    private final List<Example> train = MnistSample.slice(0, 10);
    private final List<Example> validation = MnistSample.slice(150, 153);
    private final List<Example> test = MnistSample.slice(160, 165);
    private final Normalisation normalisation = Normalisation.compute(train, MnistSample.SHAPE);

    @Test
    void earlyStopEndsAfterPatienceEpochsWithoutABetterValidationAccuracy() {
        // A rate of 0 never improves on epoch 1: epochs 2 and 3 stall, and a patience of 2 stops there.
        TrainingSettings settings = TrainingSettings.of(10, 16, 0f, SEED).withOptions(options(false, 2));
        byte[][] state = new byte[1][];
        try (Model model = ModelArtifact.newModel(Architectures.CNN, MnistSample.SHAPE, 10, SEED)) {
            List<EpochMetrics> history = ModelTrainer.train(model, train, validation, normalisation, settings,
                    new ProgressListener() {
                        @Override
                        public void onEpochEnd(EpochMetrics metrics, Supplier<byte[]> trainingState) {
                            state[0] = trainingState.get();
                        }
                    });
            assertEquals(List.of(1, 2, 3), history.stream().map(EpochMetrics::epoch).toList());
            // Resumed from the state of epoch 3, the job knows it has stopped.
            assertEquals(List.of(), ModelTrainer.train(model, train, validation, normalisation,
                    settings.resumingAt(4, 7), state[0], ProgressListener.NONE));
        }
    }

    @Test
    void keepBestEndsOnTheWeightsOfTheEpochWithTheBestValidationAccuracy() {
        for (boolean keepBest : new boolean[] {true, false}) {
            TrainingSettings settings = TrainingSettings.of(4, 16, 0.02f, SEED).withOptions(options(keepBest, 0));
            List<String> digests = new ArrayList<>();
            try (Model model = ModelArtifact.newModel(Architectures.CNN, MnistSample.SHAPE, 10, SEED)) {
                List<EpochMetrics> history = ModelTrainer.train(model, train, validation, normalisation, settings,
                        new ProgressListener() {
                            @Override
                            public void onEpoch(EpochMetrics metrics) {
                                digests.add(digest(model));
                            }
                        });
                int best = 0;
                for (int i = 1; i < history.size(); i++) {
                    if (history.get(i).validationAccuracy() > history.get(best).validationAccuracy()) {
                        best = i;
                    }
                }
                System.out.printf("keep-best %s: validation accuracy per epoch %s, best epoch %d%n", keepBest,
                        history.stream().map(EpochMetrics::validationAccuracy).toList(), best + 1);
                assertEquals(digests.get(keepBest ? best : history.size() - 1), digest(model),
                        keepBest ? "the best epoch's weights" : "the last epoch's weights");
            }
        }
    }

    @Test
    void theBestEpochsWeightsComeBackAfterAWorseEpochAndSurviveTheCheckpoint() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = Linear.builder().setUnits(2).build();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
            NDArray weight = block.getParameters().get(0).getValue().getArray();
            float[] atBest = weight.toFloatArray();
            BestEpoch best = new BestEpoch(true, manager);
            assertTrue(best.offer(1, 0.5, block));
            weight.addi(1f); // epoch 2 moves the weights and validates worse
            assertFalse(best.offer(2, 0.4, block));
            assertFalse(best.offer(3, 0.5, block), "an equal accuracy is not better: the earliest is kept");
            assertEquals(2, best.stalled());
            byte[] state = best.export();
            assertTrue(best.restore(block));
            assertArrayEquals(atBest, weight.toFloatArray());

            weight.addi(1f);
            BestEpoch resumed = new BestEpoch(true, manager);
            resumed.importState(state, block);
            assertEquals(1, resumed.epoch());
            assertEquals(2, resumed.stalled());
            assertTrue(resumed.restore(block));
            assertArrayEquals(atBest, weight.toFloatArray());
            best.close();
            resumed.close();
        }
    }

    @Test
    void everyEpochReportsTheTestSplitsAccuracyWhenThereIsOne() {
        TrainingSettings settings = TrainingSettings.of(2, 16, 1e-3f, SEED);
        try (Model model = ModelArtifact.newModel(Architectures.CNN, MnistSample.SHAPE, 10, SEED)) {
            List<EpochMetrics> history = ModelTrainer.train(model, train, validation, test, normalisation, settings,
                    null, ProgressListener.NONE);
            for (EpochMetrics m : history) {
                assertNotNull(m.testAccuracy());
                assertEquals(test.size(), m.testExamples());
                assertTrue(m.testAccuracy() >= 0 && m.testAccuracy() <= 1);
            }
            assertTrue(history.get(1).testAccuracy() > 0.2, "learnt something: " + history.get(1).testAccuracy());
            assertNull(ModelTrainer.train(model, train, validation, normalisation, settings.resumingAt(1, 1),
                    ProgressListener.NONE).get(0).testAccuracy(), "no test split, no test accuracy");
        }
    }

    private static TrainingOptions options(boolean keepBest, int patience) {
        return new TrainingOptions(TrainingOptions.ADAM, 0.9f, false, 0f, 0f, 0.1f, keepBest, patience);
    }

    private static String digest(Model model) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                sha.update(p.getValue().getArray().toByteArray());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
