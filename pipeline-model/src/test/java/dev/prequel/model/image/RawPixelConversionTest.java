package dev.prequel.model.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Raw CHW records (IDX, CIFAR) must become the same pixels as the equivalent decoded image. */
class RawPixelConversionTest {

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void theSameShapeIsPassedThrough() {
        byte[] raw = random(28 * 28, 1);
        assertSame(raw, PixelConverter.toPixels(raw, new ImageShape(1, 28, 28), new ImageShape(1, 28, 28)));
    }

    @Test
    void rgbRecordsConvertLikeTheEquivalentImage() {
        ImageShape cifar = new ImageShape(3, 32, 32);
        byte[] raw = random(cifar.size(), 2);
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < cifar.area(); i++) {
            int rgb = (raw[i] & 0xff) << 16 | (raw[cifar.area() + i] & 0xff) << 8 | raw[2 * cifar.area() + i] & 0xff;
            image.setRGB(i % 32, i / 32, rgb);
        }
        for (ImageShape target : new ImageShape[] {new ImageShape(1, 28, 28), new ImageShape(3, 28, 28),
                new ImageShape(1, 32, 32), new ImageShape(3, 64, 64)}) {
            assertArrayEquals(PixelConverter.toPixels(image, target), PixelConverter.toPixels(raw, cifar, target),
                    target.toString());
        }
    }

    @Test
    void greyRecordsConvertLikeTheEquivalentImage() {
        ImageShape mnist = new ImageShape(1, 28, 28);
        byte[] raw = random(mnist.size(), 3);
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, 28, 28, raw);
        ImageShape target = new ImageShape(3, 32, 32);
        assertArrayEquals(PixelConverter.toPixels(image, target), PixelConverter.toPixels(raw, mnist, target));
    }

    @Test
    void aRecordOfTheWrongLengthIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> PixelConverter.toPixels(new byte[10], new ImageShape(1, 28, 28), new ImageShape(1, 28, 28)));
    }
}
