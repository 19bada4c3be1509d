package dev.prequel.serving.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.model.image.ImageRejectedException;
import dev.prequel.model.image.ImageShape;
import dev.prequel.serving.budget.InputBudget;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Parts of a large request decoded beside the caller come back in order, and a bad image is still refused. */
class ImageDecodingTest {

    private static final ImageShape SHAPE = new ImageShape(1, 4, 4);
    private static final InputBudget BUDGET = InputBudget.of(SHAPE, 64, 4);
    private final ImageDecoding decoding = new ImageDecoding(16, 4);

    @AfterEach
    void stop() {
        decoding.stop();
    }

    /** A 4x4 grey PNG whose pixels all have the value {@code v}. */
    private static byte[] png(int v) throws IOException {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                image.getRaster().setSample(x, y, 0, v);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static List<byte[]> pngs(int n) throws IOException {
        List<byte[]> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(png(i));
        }
        return all;
    }

    @Test
    void aLargeRequestIsDecodedByHelpersAndComesBackInOrder() throws IOException {
        List<byte[]> pixels = decoding.decode(pngs(64), BUDGET);
        assertEquals(64, pixels.size());
        for (int i = 0; i < 64; i++) {
            byte[] expected = new byte[16];
            Arrays.fill(expected, (byte) i);
            assertArrayEquals(expected, pixels.get(i), "image " + i);
        }
        assertTrue(decoding.helped() > 0, "idle helpers took parts of the request");
    }

    @Test
    void aSmallRequestStaysOnTheCallersThread() throws IOException {
        assertEquals(15, decoding.decode(pngs(15), BUDGET).size());
        assertEquals(0, decoding.helped());
    }

    @Test
    void aBadImageInAHelpersPartIsRefusedAsItWouldBeAlone() throws IOException {
        List<byte[]> encoded = pngs(32);
        encoded.set(30, new byte[] {1, 2, 3});
        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoding.decode(encoded, BUDGET));
        assertEquals(ImageRejectedException.NOT_AN_IMAGE, e.reason());
    }
}
