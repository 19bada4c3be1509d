package dev.prequel.trainer.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.prequel.model.train.EpochMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The epoch a candidate is announced with: the last, or with keep-best the earliest of the best validations. */
class KeptEpochTest {

    private static EpochMetrics epoch(int n, double validation, Double test) {
        return new EpochMetrics(n, 1.0, 0.5, validation, 100, 1, "cpu", 10, 10, test, test == null ? null : 10L);
    }

    @Test
    void theLastEpochUnlessTheBestIsKept() {
        List<EpochMetrics> history = List.of(epoch(1, 0.5, 0.4), epoch(2, 0.8, 0.7), epoch(3, 0.8, 0.75),
                epoch(4, 0.6, 0.5));
        assertEquals(4, TrainingRunner.keptEpoch(history, false).epoch());
        assertEquals(2, TrainingRunner.keptEpoch(history, true).epoch(), "the earliest of the best, as the trainer");
        assertEquals(0.7, TrainingRunner.keptEpoch(history, true).testAccuracy());
        assertNull(TrainingRunner.keptEpoch(List.of(), true));
    }
}
