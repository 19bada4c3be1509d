package dev.prequel.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import dev.prequel.model.MnistSample;
import dev.prequel.model.arch.Architectures;
import dev.prequel.model.artifact.IncompatibleModelException;
import dev.prequel.model.artifact.LoadedModel;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.artifact.ModelDescriptor;
import dev.prequel.model.metrics.EvaluationResult;
import dev.prequel.model.metrics.ModelEvaluation;
import dev.prequel.model.predict.ClassScore;
import dev.prequel.model.predict.ClassifierClosedException;
import dev.prequel.model.predict.ImageClassifier;
import dev.prequel.model.predict.NoGrad;
import dev.prequel.model.predict.Normalisation;
import dev.prequel.model.shard.Example;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real training of the small CNN on the repository's MNIST sample (150 per class to train, the
 * last 50 per class to test), once for the class; the other tests reuse the saved parent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MnistCnnTest {

    private static final int EPOCHS = 3;

    @TempDir
    static Path dir;

    private List<Example> train;
    private List<Example> test;
    private Normalisation normalisation;
    private List<EpochMetrics> history;
    private final List<BatchProgress> progress = new ArrayList<>();
    private EvaluationResult parentResult;
    private Path parentDir;
    private double trainingSeconds;

    @BeforeAll
    void trainParent() {
        train = MnistSample.slice(0, 150);
        test = MnistSample.slice(150, 200);
        normalisation = Normalisation.compute(train, MnistSample.SHAPE);
        parentDir = dir.resolve("parent");
        long start = System.nanoTime();
        try (Model model = ModelArtifact.newModel(Architectures.CNN, MnistSample.SHAPE, 10, 42)) {
            TrainingSettings settings = TrainingSettings.of(EPOCHS, 32, 1e-3f, 42).withProgressEveryBatches(10);
            history = ModelTrainer.train(model, train, test, normalisation, settings, new ProgressListener() {
                @Override
                public void onBatch(BatchProgress p) {
                    progress.add(p);
                }
            });
            trainingSeconds = (System.nanoTime() - start) / 1e9;
            parentResult = ModelEvaluation.evaluate(model, normalisation, 10, test);
            ModelArtifact.save(model, descriptor("v-parent", null, settings, history), parentDir);
        }
        history.forEach(m -> System.out.printf("cnn epoch %d: loss %.3f, train acc %.3f, test acc %.3f, %.0f img/s, %.1f s (%s)%n",
                m.epoch(), m.trainLoss(), m.trainAccuracy(), m.validationAccuracy(), m.imagesPerSecond(), m.seconds(),
                m.device()));
        System.out.printf("cnn on mnist-2000: test accuracy %.3f, %.3f bits/label, training %.1f s%n",
                parentResult.accuracy(), parentResult.bitsPerLabel(), trainingSeconds);
    }

    @Test
    void theCnnLearnsMnistQuickly() {
        assertEquals(EPOCHS, history.size());
        assertTrue(parentResult.accuracy() >= 0.85, "test accuracy " + parentResult.accuracy());
        assertEquals(parentResult.accuracy(), history.get(EPOCHS - 1).validationAccuracy(), 1e-9);
        assertTrue(history.get(EPOCHS - 1).trainLoss() < history.get(0).trainLoss(), "loss falls");
        assertEquals(1500, history.get(0).trainExamples());
        assertTrue(history.get(0).imagesPerSecond() > 0);
        assertTrue(trainingSeconds < 60, "trained in " + trainingSeconds + " s");
        // Bits per label: a uniform guess costs log2(10) = 3.32; a good model far less.
        assertTrue(parentResult.bitsPerLabel() < 1.0, "bits per label " + parentResult.bitsPerLabel());
        assertEquals(500, parentResult.examples());
        int diagonal = 0;
        for (int c = 0; c < 10; c++) {
            diagonal += parentResult.confusion()[c][c];
        }
        assertEquals(Math.round(parentResult.accuracy() * 500), diagonal);
        // In-epoch progress: 47 batches per epoch, reported every 10.
        assertEquals(EPOCHS * 4, progress.size());
        assertEquals(10, progress.get(0).batch());
        assertEquals(320, progress.get(0).examples());
    }

    @Test
    void savedAndLoadedModelsPredictBitIdentically() throws Exception {
        ModelDescriptor written = ModelArtifact.readDescriptor(parentDir);
        assertTrue(Files.size(parentDir.resolve(ModelArtifact.PARAMS_FILE)) > 421_642 * 4);
        assertEquals(64, written.paramsSha256().length());
        assertEquals(EPOCHS, written.history().size());

        try (LoadedModel first = ModelArtifact.load(parentDir); LoadedModel second = ModelArtifact.load(parentDir)) {
            assertArrayEquals(normalisation.mean(), first.descriptor().mean());
            EvaluationResult reloaded = ModelEvaluation.evaluate(first, test);
            assertEquals(parentResult.accuracy(), reloaded.accuracy());
            assertEquals(parentResult.bitsPerLabel(), reloaded.bitsPerLabel());
            for (int i = 0; i < test.size(); i += 37) {
                byte[] pixels = test.get(i).pixels();
                float[] a = new ImageClassifier(first).probabilities(pixels);
                float[] b = new ImageClassifier(second).probabilities(pixels);
                assertArrayEquals(a, b); // exact float equality
            }
        }
    }

    @Test
    void aCorruptParamsFileIsRefused() throws Exception {
        Path copy = dir.resolve("corrupt");
        Files.createDirectories(copy);
        Files.copy(parentDir.resolve(ModelArtifact.DESCRIPTOR_FILE), copy.resolve(ModelArtifact.DESCRIPTOR_FILE));
        byte[] params = Files.readAllBytes(parentDir.resolve(ModelArtifact.PARAMS_FILE));
        params[params.length - 3] ^= 0x10; // a weight's low bits: loads fine, only the checksum notices
        Files.write(copy.resolve(ModelArtifact.PARAMS_FILE), params);
        IncompatibleModelException e = assertThrows(IncompatibleModelException.class, () -> ModelArtifact.load(copy));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test
    void fineTuningContinuesFromTheParentsWeights() {
        try (LoadedModel parent = ModelArtifact.loadParent(parentDir, Architectures.CNN, MnistSample.SHAPE,
                MnistSample.CLASSES)) {
            // Right after loading, the model is the parent.
            assertEquals(parentResult.accuracy(), ModelEvaluation.evaluate(parent, test).accuracy());

            List<BatchProgress> early = new ArrayList<>();
            TrainingSettings settings = TrainingSettings.of(1, 32, 1e-4f, 7).withProgressEveryBatches(5);
            List<EpochMetrics> tuned = ModelTrainer.train(parent.model(), train, test, parent.normalisation(), settings,
                    new ProgressListener() {
                        @Override
                        public void onBatch(BatchProgress p) {
                            early.add(p);
                        }
                    });
            // A fresh network is near chance after 5 batches; one that starts from the parent is not.
            assertTrue(early.get(0).trainAccuracy() > 0.8, "accuracy over the first 5 batches " + early.get(0));
            assertTrue(tuned.get(0).validationAccuracy() >= parentResult.accuracy() - 0.03,
                    "fine-tuned " + tuned.get(0).validationAccuracy() + " vs parent " + parentResult.accuracy());
        }
    }

    @Test
    void aParentWithOtherClassesOrArchitectureIsRefused() {
        IncompatibleModelException e = assertThrows(IncompatibleModelException.class,
                () -> ModelArtifact.loadParent(parentDir, Architectures.RESNET18, MnistSample.SHAPE,
                        List.of("cat", "dog")));
        assertTrue(e.getMessage().contains("architecture is cnn, wanted resnet18")
                && e.getMessage().contains("classes are"), e.getMessage());
    }

    @Test
    void theClassifierServesConcurrentCallersAndClosesAfterTheLastOne() throws Exception {
        LoadedModel loaded = ModelArtifact.load(parentDir);
        ImageClassifier classifier = new ImageClassifier(loaded);
        List<byte[]> images = test.stream().limit(64).map(Example::pixels).toList();
        List<float[]> expected = classifier.probabilities(images);
        assertEquals(1.0, sum(expected.get(0)), 1e-4);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    for (int i = offset; i < images.size(); i += 4) {
                        float[] one = classifier.probabilities(images.get(i));
                        for (int c = 0; c < 10; c++) {
                            if (Math.abs(one[c] - expected.get(i)[c]) > 1e-5) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get(), "a concurrent prediction differed from the batch prediction");
            }
        } finally {
            pool.shutdown();
        }

        Example sample = test.get(0);
        List<ClassScore> top = classifier.top(sample.pixels(), 3);
        assertEquals(3, top.size());
        assertEquals(String.valueOf(top.get(0).index()), top.get(0).label());
        assertTrue(top.get(0).probability() >= top.get(1).probability());

        classifier.close();
        assertThrows(ClassifierClosedException.class, () -> classifier.probabilities(sample.pixels()));
        classifier.close(); // idempotent
    }

    /**
     * Serving's workers are threads with libtorch's grad mode on (its default); the classifier turns it off for its
     * forward pass only, gives the same answers, and leaves the thread's own mode as it was.
     */
    @Test
    void theClassifierPredictsWithAutogradOffAndLeavesTheThreadsModeAsItWas() throws Exception {
        List<byte[]> images = test.stream().limit(16).map(Example::pixels).toList();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (ImageClassifier classifier = new ImageClassifier(ModelArtifact.load(parentDir))) {
            float[][][] answers = pool.submit(() -> {
                assertTrue(ai.djl.pytorch.jni.JniUtils.isGradMode(), "a fresh thread starts with grad mode on");
                float[][] withGradOn;
                try (ImageClassifier.Session session = classifier.openSession()) {
                    withGradOn = session.probabilities(images);
                }
                assertTrue(ai.djl.pytorch.jni.JniUtils.isGradMode(), "the session left grad mode off");
                float[][] withGradOff;
                try (NoGrad off = new NoGrad()) {
                    withGradOff = classifier.probabilities(images).toArray(float[][]::new);
                    assertTrue(!ai.djl.pytorch.jni.JniUtils.isGradMode(), "the classifier turned grad mode back on");
                }
                assertTrue(ai.djl.pytorch.jni.JniUtils.isGradMode());
                return new float[][][] {withGradOn, withGradOff};
            }).get();
            for (int i = 0; i < images.size(); i++) {
                assertArrayEquals(answers[0][i], answers[1][i], 1e-6f);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void sameSeedSameTraining() {
        List<Example> small = MnistSample.slice(0, 20);
        double[] losses = new double[2];
        for (int run = 0; run < 2; run++) {
            try (Model model = ModelArtifact.newModel(Architectures.MLP, MnistSample.SHAPE, 10, 9)) {
                losses[run] = ModelTrainer.train(model, small, List.of(), normalisation,
                        TrainingSettings.of(1, 16, 1e-3f, 9).withShuffleBuffer(64), ProgressListener.NONE)
                        .get(0).trainLoss();
            }
        }
        assertEquals(losses[0], losses[1]);
    }

    private ModelDescriptor descriptor(String version, String parent, TrainingSettings settings,
            List<EpochMetrics> epochs) {
        return new ModelDescriptor("digits", version, Architectures.CNN, MnistSample.SHAPE, MnistSample.CLASSES,
                normalisation.mean(), normalisation.std(), parent, List.of("ds-sample"), settings.toHyperParameters(),
                epochs, epochs.get(0).device(), Instant.now(), null);
    }

    private static double sum(float[] values) {
        double total = 0;
        for (float v : values) {
            total += v;
        }
        return total;
    }
}
