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
        assertTrue(e.getMessage().contains("constant, cosine, warmup-cosine or one-cycle"), e.getMessage());
    }

    @Test
    void warmupCosineRisesLinearlyFromZeroThenFallsAlongHalfACosinePerUpdate() {
        LearningRateSchedule s = LearningRateSchedule.parse("warmup-cosine");
        assertTrue(s.perBatch());
        // 100 updates, 10 of warm-up: 0.1, 0.2, ... 1.0 of the rate, then the cosine from the peak.
        assertEquals(0.01f, s.rate(0.1f, 1, 10, 0, 100, 0.1f), 1e-7);
        assertEquals(0.05f, s.rate(0.1f, 1, 10, 4, 100, 0.1f), 1e-7);
        assertEquals(0.1f, s.rate(0.1f, 1, 10, 10, 100, 0.1f), 1e-7);
        assertEquals(0.05f, s.rate(0.1f, 6, 10, 55, 100, 0.1f), 1e-7); // half-way down the cosine
        float last = s.rate(0.1f, 10, 10, 99, 100, 0.1f);
        assertTrue(last > 0 && last < 0.0005f, "ends near zero: " + last);
        assertEquals(last, s.rate(0.1f, 10, 10, 250, 100, 0.1f), "beyond the estimate it stays at the last rate");
    }

    @Test
    void oneCycleRisesFromATwentyFifthToThePeakThenFallsLinearly() {
        LearningRateSchedule s = LearningRateSchedule.ONE_CYCLE;
        assertEquals("one-cycle", s.label());
        // 200 updates, 50 of warm-up from 0.004 to 0.1.
        assertEquals(0.004f + 0.096f / 50, s.rate(0.1f, 1, 4, 0, 200, 0.25f), 1e-7);
        assertEquals(0.1f, s.rate(0.1f, 1, 4, 49, 200, 0.25f), 1e-7);
        assertEquals(0.1f, s.rate(0.1f, 2, 4, 50, 200, 0.25f), 1e-7);
        assertEquals(0.05f, s.rate(0.1f, 3, 4, 125, 200, 0.25f), 1e-7);
        assertEquals(0.1f / 150, s.rate(0.1f, 4, 4, 199, 200, 0.25f), 1e-7);
    }

    @Test
    void thePerEpochSchedulesIgnoreTheUpdateAndAResumedJobKeepsThePerUpdateRates() {
        assertEquals(LearningRateSchedule.COSINE.rate(0.1f, 3, 5),
                LearningRateSchedule.COSINE.rate(0.1f, 3, 5, 17, 100, 0.1f));
        TrainingSettings job = TrainingSettings.of(5, 32, 0.1f, 1).withSchedule(LearningRateSchedule.ONE_CYCLE);
        TrainingSettings resumed = job.resumingAt(3, 3);
        for (long step = 0; step < 50; step++) {
            assertEquals(job.learningRate(4, step, 50), resumed.learningRate(4, step, 50), "update " + step);
        }
        assertEquals("one-cycle", job.toHyperParameters().get("learningRateSchedule"));
        assertEquals("0.1", job.toHyperParameters().get("learningRateWarmup"));
    }
}
