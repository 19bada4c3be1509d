package dev.prequel.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.prequel.model.predict.NoGrad;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** Each optimizer setting's update on a two-element parameter, against the update computed by hand. */
class OptimizerUpdatesTest {

    private static final float[] W = {1.0f, -2.0f};
    private static final float[] G = {0.5f, 0.25f};

    @Test
    void sgdWithMomentumAccumulatesTheGradientInItsBuffer() {
        // b1 = g; w1 = w - lr*b1. b2 = m*b1 + g; w2 = w1 - lr*b2.
        float lr = 0.1f;
        float m = 0.9f;
        float[] w = steps(new ResumableSgd(lr, m, false, 0f), 2);
        for (int i = 0; i < 2; i++) {
            float b1 = G[i];
            float w1 = W[i] - lr * b1;
            float b2 = m * b1 + G[i];
            assertEquals(w1 - lr * b2, w[i], 1e-6, "element " + i);
        }
    }

    @Test
    void nesterovStepsAlongTheGradientPlusTheMomentumOfTheUpdatedBuffer() {
        // b1 = g; w1 = w - lr*(g + m*b1). b2 = m*b1 + g; w2 = w1 - lr*(g + m*b2).
        float lr = 0.1f;
        float m = 0.9f;
        float[] w = steps(new ResumableSgd(lr, m, true, 0f), 2);
        for (int i = 0; i < 2; i++) {
            float b1 = G[i];
            float w1 = W[i] - lr * (G[i] + m * b1);
            float b2 = m * b1 + G[i];
            assertEquals(w1 - lr * (G[i] + m * b2), w[i], 1e-6, "element " + i);
        }
        assertTrue(w[0] < steps(new ResumableSgd(lr, m, false, 0f), 2)[0], "Nesterov looks ahead: a larger step");
    }

    @Test
    void weightDecayShrinksTheWeightsWhereTheGradientIsZero() {
        float lr = 0.1f;
        float wd = 0.01f;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(W);
            NDArray zero = manager.zeros(weight.getShape());
            new ResumableSgd(lr, 0f, false, wd).update("p", weight, zero);
            assertArrayEquals(new float[] {W[0] * (1 - lr * wd), W[1] * (1 - lr * wd)}, weight.toFloatArray(), 1e-7f);

            NDArray decoupled = manager.create(W);
            new ResumableAdam(lr, wd, true).update("p", decoupled, manager.zeros(decoupled.getShape()));
            // AdamW: w *= 1 - lr*wd, and Adam's own step is 0 for a zero gradient.
            assertArrayEquals(new float[] {W[0] * (1 - lr * wd), W[1] * (1 - lr * wd)}, decoupled.toFloatArray(),
                    1e-7f);

            NDArray plain = manager.create(W);
            new ResumableAdam(lr).update("p", plain, manager.zeros(plain.getShape()));
            assertArrayEquals(W, plain.toFloatArray(), "no decay, no gradient: no change");
        }
    }

    @Test
    void theOptionsRejectNesterovWithoutSgdAndUnknownOptimizers() {
        assertThrows(IllegalArgumentException.class,
                () -> new TrainingOptions("adam", 0.9f, true, 0f, 0f, 0.1f, false, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrainingOptions("rmsprop", 0.9f, false, 0f, 0f, 0.1f, false, 0));
        assertTrue(e.getMessage().contains("adam, adamw or sgd"), e.getMessage());
        assertEquals("", TrainingOptions.DEFAULTS.signature(LearningRateSchedule.COSINE),
                "the defaults leave version ids as they were");
        assertEquals(";opt=sgd;wd=5.0E-4;mom=0.9;nesterov=true;ls=0.1;warmup=0.2;best=true;patience=3",
                new TrainingOptions("sgd", 0.9f, true, 5e-4f, 0.1f, 0.2f, true, 3)
                        .signature(LearningRateSchedule.ONE_CYCLE));
    }

    @Test
    void inATrainerEveryStepUsesItsOwnGradientOnly() {
        // loss = sum(x . w): its gradient is x whatever w is, so plain SGD at rate 1 moves w by exactly -x per step.
        try (Model model = Model.newInstance("linear")) {
            model.setBlock(Linear.builder().setUnits(1).optBias(false).build());
            ResumableSgd sgd = new ResumableSgd(1f, 0f, false, 0f);
            Loss sum = new Loss("sum") {
                @Override
                public NDArray evaluate(NDList labels, NDList predictions) {
                    return predictions.singletonOrThrow().sum();
                }
            };
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(sum).optOptimizer(sgd)
                    .optDevices(new Device[] {model.getNDManager().getDevice()}))) {
                trainer.initialize(new Shape(1, 2));
                NDArray weight = model.getBlock().getParameters().get(0).getValue().getArray();
                NDList x = new NDList(trainer.getManager().create(new float[] {0.5f, 2f}, new Shape(1, 2)));
                float[] before = weight.toFloatArray();
                for (int step = 1; step <= 3; step++) {
                    try (NoGrad off = new NoGrad(); GradientCollector collector = trainer.newGradientCollector()) {
                        collector.backward(trainer.getLoss().evaluate(x, trainer.forward(x)));
                    }
                    trainer.step();
                    float[] after = weight.toFloatArray();
                    assertArrayEquals(new float[] {before[0] - 0.5f * step, before[1] - 2f * step}, after, 1e-5f,
                            "step " + step);
                }
            }
        }
    }

    /** {@code n} updates with the gradient {@link #G} from the weights {@link #W}. */
    private static float[] steps(ResumableSgd sgd, int n) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(W);
            for (int i = 0; i < n; i++) {
                sgd.update("p", weight, manager.create(G));
            }
            return weight.toFloatArray();
        }
    }
}
