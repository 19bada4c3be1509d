package dev.prequel.model.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.prequel.model.image.ImageShape;
import dev.prequel.model.shard.Example;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormalisationTest {

    @Test
    void computesPerChannelMeanAndStdOnTheUnitScale() {
        ImageShape shape = new ImageShape(3, 1, 2);
        // channel 0: 0 and 255 -> mean 0.5, std 0.5; channel 1: constant 51 -> std 1 (not scaled); channel 2: 255.
        List<Example> examples = List.of(
                new Example(0, new byte[] {0, (byte) 255, 51, 51, (byte) 255, (byte) 255}),
                new Example(1, new byte[] {(byte) 255, 0, 51, 51, (byte) 255, (byte) 255}));

        Normalisation n = Normalisation.compute(examples, shape);

        assertEquals(0.5f, n.mean()[0], 1e-6);
        assertEquals(0.5f, n.std()[0], 1e-6);
        assertEquals(0.2f, n.mean()[1], 1e-6);
        assertEquals(1f, n.std()[1]);
        assertEquals(1f, n.mean()[2], 1e-6);

        float[] out = new float[6];
        n.apply(examples.get(0).pixels(), shape, out, 0);
        assertEquals(-1f, out[0], 1e-6);
        assertEquals(1f, out[1], 1e-6);
        assertEquals(0f, out[2], 1e-6);
    }

    @Test
    void refusesNothingAndWrongSizes() {
        ImageShape shape = new ImageShape(1, 2, 2);
        assertThrows(IllegalArgumentException.class, () -> Normalisation.compute(List.of(), shape));
        assertThrows(IllegalArgumentException.class,
                () -> Normalisation.compute(List.of(new Example(0, new byte[3])), shape));
    }
}
