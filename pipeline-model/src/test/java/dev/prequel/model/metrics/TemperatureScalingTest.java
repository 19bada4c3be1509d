package dev.prequel.model.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TemperatureScalingTest {

    /**
     * Logits of a classifier with the given accuracy whose one confident logit is {@code 1 / temperature} times what
     * a calibrated one would give (a calibrated one: log(accuracy / ((1 - accuracy) / 9)) above the rest).
     */
    private static List<float[]> sharpened(int n, double accuracy, double temperature, List<Integer> labels) {
        Random random = new Random(5);
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean right = random.nextDouble() < accuracy;
            int label = random.nextInt(10);
            labels.add(label);
            float[] logits = new float[10];
            int predicted = right ? label : (label + 1 + random.nextInt(9)) % 10;
            logits[predicted] = (float) (Math.log(accuracy * 9 / (1 - accuracy)) / temperature);
            rows.add(logits);
        }
        return rows;
    }

    @Test
    void theFittedTemperatureUndoesAKnownOverconfidence() {
        List<Integer> labels = new ArrayList<>();
        List<float[]> rows = sharpened(4000, 0.9, 0.25, labels); // four times too sharp
        double inverse = TemperatureScaling.fitInverse(rows, labels);
        assertEquals(0.25, inverse, 0.03, "b = 1/T brings the logits back to calibrated");
        assertTrue(TemperatureScaling.loss(inverse, rows, labels) < TemperatureScaling.loss(1, rows, labels),
                "the calibrated loss is lower than the raw one");
    }

    @Test
    void aCalibratedModelKeepsATemperatureOfAboutOne() {
        List<Integer> labels = new ArrayList<>();
        List<float[]> rows = sharpened(4000, 0.8, 1, labels);
        assertEquals(1, TemperatureScaling.fitInverse(rows, labels), 0.08);
    }
}
