package dev.prequel.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    @Test
    void shiftMovesTheImageAndFlipMirrorsIt() {
        // 1 channel, 8x8, a single bright pixel at (row 3, column 2).
        byte[] image = new byte[64];
        image[3 * 8 + 2] = (byte) 200;
        assertSame(image, Augmentation.NONE.apply(image, 1, 8, 8, new Random(1)));

        Random random = new Random(3);
        boolean moved = false;
        boolean mirrored = false;
        for (int i = 0; i < 50; i++) {
            byte[] out = Augmentation.FLIP_SHIFT.apply(image, 1, 8, 8, random);
            int at = -1;
            for (int p = 0; p < 64; p++) {
                if (out[p] != 0) {
                    assertEquals(-1, at, "one bright pixel at most");
                    at = p;
                    assertEquals((byte) 200, out[p]);
                }
            }
            assertTrue(at >= 0, "a shift of at most 1 keeps an inner pixel");
            int row = at / 8;
            int column = at % 8;
            assertTrue(Math.abs(row - 3) <= 1);
            moved |= at != 3 * 8 + 2;
            mirrored |= Math.abs(column - 5) <= 1 && column >= 4;
        }
        assertTrue(moved && mirrored);
    }

    @Test
    void parsesItsLabels() {
        assertEquals(Augmentation.FLIP_SHIFT, Augmentation.parse("flip-shift"));
        assertEquals("flip-shift", Augmentation.FLIP_SHIFT.label());
        assertThrows(IllegalArgumentException.class, () -> Augmentation.parse("rotate"));
    }
}
