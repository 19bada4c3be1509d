package dev.prequel.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LandingKeyTest {

    @Test
    void understandsTrainAndScoreDrops() {
        LandingKey k = LandingKey.parse("train/mnist/drop-1/digits.zip").orElseThrow();
        assertEquals(LandingKey.Kind.TRAIN, k.kind());
        assertEquals("mnist", k.model());
        assertEquals("drop-1", k.drop());
        assertEquals("train/mnist/drop-1/", k.dropPrefix());
        assertTrue(k.isArchive());
        LandingKey s = LandingKey.parse("score/mnist/b1/7/a.png").orElseThrow();
        assertEquals(LandingKey.Kind.SCORE, s.kind());
        assertEquals("7/a.png", s.rest());
        assertTrue(LandingKey.parse("train/mnist/d/_SUCCESS").orElseThrow().isSuccessMarker());
        assertTrue(LandingKey.parse("train/mnist/d/x.tar.gz").orElseThrow().isArchive());
    }

    @Test
    void refusesKeysOutsideTheLayoutOrWithUnsafeNames() {
        assertTrue(LandingKey.parse("other/mnist/d/x.zip").isEmpty());
        assertTrue(LandingKey.parse("train/mnist/d/").isEmpty());
        assertTrue(LandingKey.parse("train/mnist").isEmpty());
        assertTrue(LandingKey.parse("train/../d/x.zip").isEmpty());
        assertTrue(LandingKey.parse("train/mn ist/d/x.zip").isEmpty());
        assertFalse(LandingKey.isValidName(".hidden"));
    }
}
