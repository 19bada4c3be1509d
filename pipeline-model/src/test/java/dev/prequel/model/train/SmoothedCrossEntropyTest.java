package dev.prequel.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;

/** Label smoothing changes the loss as {@code (1 - e) * CE + e * mean_k(-log p_k)} says. */
class SmoothedCrossEntropyTest {

    @Test
    void theSmoothedLossIsTheMixOfCrossEntropyAndTheMeanNegativeLogProbability() {
        float[] logits = {2f, 0.5f, -1f, 0f, 1f, 3f};
        long[] labels = {0, 2};
        float e = 0.1f;
        double expected = 0;
        for (int n = 0; n < 2; n++) {
            double max = Math.max(Math.max(logits[3 * n], logits[3 * n + 1]), logits[3 * n + 2]);
            double z = 0;
            for (int k = 0; k < 3; k++) {
                z += Math.exp(logits[3 * n + k] - max);
            }
            double ce = -(logits[3 * n + (int) labels[n]] - max - Math.log(z));
            double meanNll = 0;
            for (int k = 0; k < 3; k++) {
                meanNll += -(logits[3 * n + k] - max - Math.log(z)) / 3;
            }
            expected += ((1 - e) * ce + e * meanNll) / 2;
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList predictions = new NDList(manager.create(logits, new Shape(2, 3)));
            NDList target = new NDList(manager.create(labels));
            float smoothed = SmoothedCrossEntropy.of(e).evaluate(target, predictions).getFloat();
            assertEquals(expected, smoothed, 1e-5);
            float plain = SmoothedCrossEntropy.of(0f).evaluate(target, predictions).getFloat();
            assertEquals(Loss.softmaxCrossEntropyLoss().evaluate(target, predictions).getFloat(), plain, 1e-6);
            assertTrue(smoothed > plain, "smoothing penalises the confident right answers here");
            assertEquals(plain, new SmoothedCrossEntropy(1e-9f).evaluate(target, predictions).getFloat(), 1e-5,
                    "no smoothing to speak of: the plain loss");
        }
    }
}
