package dev.prequel.model.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.predict.Normalisation;
import dev.prequel.model.shard.Example;
import dev.prequel.model.train.EpochMetrics;
import dev.prequel.model.train.ModelTrainer;
import dev.prequel.model.train.ProgressListener;
import dev.prequel.model.train.TrainingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ArchitecturesTest {

    @Test
    void resnet18IsTheStandardElevenMillionParameterNetwork() {
        ImageShape cifar = new ImageShape(3, 32, 32);
        try (Model model = ModelArtifact.newModel(Architectures.RESNET18, cifar, 10, 1)) {
            long parameters = Architectures.parameterCount(model.getBlock());
            System.out.printf("resnet18 3x32x32, 10 classes: %,d trainable parameters%n", parameters);
            assertEquals(11_173_962, parameters);
            assertEquals(new Shape(2, 10), forward(model, cifar, 2));
        }
    }

    @Test
    void cnnHasAboutFourHundredThousandParametersAndRunsOnMnistShapes() {
        ImageShape mnist = new ImageShape(1, 28, 28);
        try (Model model = ModelArtifact.newModel(Architectures.CNN, mnist, 10, 1)) {
            assertEquals(421_642, Architectures.parameterCount(model.getBlock()));
            assertEquals(new Shape(3, 10), forward(model, mnist, 3));
        }
    }

    @Test
    void mlpRunsOnColourImages() {
        ImageShape shape = new ImageShape(3, 16, 16);
        try (Model model = ModelArtifact.newModel(Architectures.MLP, shape, 4, 1)) {
            assertEquals(3 * 256 * 256 + 256 + 256 * 128 + 128 + 128 * 4 + 4,
                    Architectures.parameterCount(model.getBlock()));
            assertEquals(new Shape(5, 4), forward(model, shape, 5));
        }
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Architectures.build("vgg16", new ImageShape(3, 32, 32), 10));
        assertTrue(e.getMessage().contains("vgg16") && e.getMessage().contains("mlp, cnn, resnet18"), e.getMessage());
    }

    @Test
    void resnet18TakesATrainingStepWithAFiniteLoss() {
        ImageShape cifar = new ImageShape(3, 32, 32);
        Random random = new Random(5);
        List<Example> data = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            byte[] pixels = new byte[cifar.size()];
            random.nextBytes(pixels);
            data.add(new Example(i % 10, pixels));
        }
        try (Model model = ModelArtifact.newModel(Architectures.RESNET18, cifar, 10, 2)) {
            long start = System.nanoTime();
            List<EpochMetrics> history = ModelTrainer.train(model, data, data.subList(0, 4),
                    new Normalisation(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.29f, 0.29f, 0.29f}),
                    TrainingSettings.of(1, 8, 1e-3f, 3), ProgressListener.NONE);
            EpochMetrics epoch = history.get(0);
            System.out.printf("resnet18: 2 steps of 8 on %s, loss %.3f, %.1f img/s, %.1f s%n", epoch.device(),
                    epoch.trainLoss(), epoch.imagesPerSecond(), (System.nanoTime() - start) / 1e9);
            assertTrue(Double.isFinite(epoch.trainLoss()) && epoch.trainLoss() > 0, "loss " + epoch.trainLoss());
            assertEquals(16, epoch.trainExamples());
            assertEquals(4, epoch.validationExamples());
        }
    }

    private static Shape forward(Model model, ImageShape shape, int batch) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray input = manager.randomNormal(new Shape(batch, shape.channels(), shape.height(), shape.width()));
            return model.getBlock().forward(new ParameterStore(manager, false), new NDList(input), false)
                    .singletonOrThrow().getShape();
        }
    }
}
