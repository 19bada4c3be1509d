package dev.prequel.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void cosineStartsAtTheRateAndFallsEveryEpochTowardsZero() {
        LearningRateSchedule cosine = LearningRateSchedule.COSINE;
        assertEquals(0.001f, cosine.rate(0.001f, 1, 10), 1e-9);
        assertEquals(0.0005f, cosine.rate(0.001f, 6, 10), 1e-9);
        float previous = Float.MAX_VALUE;
        for (int epoch = 1; epoch <= 10; epoch++) {
            float rate = cosine.rate(0.001f, epoch, 10);
            assertTrue(rate < previous, "epoch " + epoch);
            previous = rate;
        }
        assertTrue(previous > 0 && previous < 0.00003f, "the last epoch steps small: " + previous);
    }

    @Test
    void constantIsTheRateAndAResumedJobKeepsTheWholeJobsSchedule() {
        assertEquals(0.01f, LearningRateSchedule.CONSTANT.rate(0.01f, 7, 10));
        TrainingSettings job = TrainingSettings.of(10, 32, 0.001f, 1).withSchedule(LearningRateSchedule.COSINE);
        TrainingSettings resumed = job.resumingAt(4, 7);
        for (int epoch = 4; epoch <= 10; epoch++) {
            assertEquals(job.learningRate(epoch), resumed.learningRate(epoch), "epoch " + epoch);
        }
        assertEquals("cosine", job.toHyperParameters().get("learningRateSchedule"));
    }

    @Test
    void anUnknownScheduleIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.parse("warmup"));
        assertTrue(e.getMessage().contains("constant or cosine"), e.getMessage());
    }
}
