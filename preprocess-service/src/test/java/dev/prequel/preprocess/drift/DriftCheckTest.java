package dev.prequel.preprocess.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftCheckTest {

    private static final DriftCheck CHECK = new DriftCheck(0.1, 0.25);
    private static final DriftCheck.Profile BEFORE = new DriftCheck.Profile("ds-1", Map.of("0", 50, "1", 50),
            new float[] {0.13f}, new float[] {0.31f});

    @Test
    void aSimilarDatasetIsNotFlagged() {
        DriftReport r = CHECK.compare(BEFORE, new DriftCheck.Profile("ds-2", Map.of("0", 48, "1", 52),
                new float[] {0.135f}, new float[] {0.3f}));
        assertFalse(r.flagged(), r.reasons().toString());
        assertEquals("ds-1", r.previousDatasetId());
        assertEquals(0.005 / 0.31, r.channelMeanShift(), 1e-6);
    }

    @Test
    void aSkewedClassMixIsFlagged() {
        DriftReport r = CHECK.compare(BEFORE, new DriftCheck.Profile("ds-2", Map.of("0", 95, "1", 5),
                new float[] {0.13f}, new float[] {0.31f}));
        assertTrue(r.flagged());
        assertTrue(r.reasons().get(0).startsWith("class mix"), r.reasons().toString());
    }

    @Test
    void invertedPixelsAreFlaggedByTheirMean() {
        DriftReport r = CHECK.compare(BEFORE, new DriftCheck.Profile("ds-2", Map.of("0", 50, "1", 50),
                new float[] {0.87f}, new float[] {0.31f}));
        assertTrue(r.flagged());
        assertEquals(1, r.reasons().size());
        assertTrue(r.reasons().get(0).startsWith("pixel mean"), r.reasons().toString());
    }

    @Test
    void anotherShapeHasNoMeanShift() {
        DriftReport r = CHECK.compare(BEFORE, new DriftCheck.Profile("ds-2", Map.of("0", 50, "1", 50),
                new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.2f, 0.2f, 0.2f}));
        assertNull(r.channelMeanShift());
        assertFalse(r.flagged());
    }
}
