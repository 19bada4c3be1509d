package dev.prequel.model.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "gif", "bmp"})
    void decodesEveryAcceptedFormat(String format) throws IOException {
        BufferedImage source = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = source.createGraphics();
        g.setColor(new Color(200, 40, 40));
        g.fillRect(0, 0, 40, 30);
        g.dispose();

        BufferedImage decoded = ImageDecoder.decode(encode(source, format));

        assertEquals(40, decoded.getWidth());
        assertEquals(30, decoded.getHeight());
        byte[] pixels = PixelConverter.toPixels(decoded, new ImageShape(3, 30, 40));
        // JPEG is lossy and GIF quantises to a palette; all stay within a few levels of the source.
        assertEquals(200, pixels[0] & 0xff, 6);
        assertEquals(40, pixels[1200] & 0xff, 6);
        assertEquals(40, pixels[2400] & 0xff, 6);
    }

    @Test
    void greyValuesSurviveExactlyAndBecomeRgbByRepetition() throws IOException {
        BufferedImage grey = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
        byte[] values = {0, 17, (byte) 128, (byte) 255, 1, 64, (byte) 200, 90};
        grey.getRaster().setDataElements(0, 0, 4, 2, values);

        BufferedImage decoded = ImageDecoder.decode(encode(grey, "png"));

        // Java2D's getRGB would brighten 128 to about 186 (linear grey colour space); we must not.
        assertArrayEquals(values, PixelConverter.toPixels(decoded, new ImageShape(1, 2, 4)));
        byte[] rgb = PixelConverter.toPixels(decoded, new ImageShape(3, 2, 4));
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(values, Arrays.copyOfRange(rgb, c * 8, c * 8 + 8));
        }
    }

    @Test
    void rgbBecomesGreyWithLumaWeights() throws IOException {
        BufferedImage rgb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0xff0000);
        rgb.setRGB(1, 0, 0x00ff00);
        rgb.setRGB(2, 0, 0x808080);

        byte[] grey = PixelConverter.toPixels(ImageDecoder.decode(encode(rgb, "png")), new ImageShape(1, 1, 3));

        assertEquals(76, grey[0] & 0xff); // 0.299 * 255
        assertEquals(150, grey[1] & 0xff); // 0.587 * 255
        assertEquals(128, grey[2] & 0xff);
    }

    @Test
    void shrinkingAveragesAreasAndEnlargingInterpolates() {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        byte[] halves = new byte[16];
        for (int y = 0; y < 4; y++) {
            halves[y * 4 + 2] = (byte) 255;
            halves[y * 4 + 3] = (byte) 255;
            halves[y * 4 + 1] = (byte) 100;
        }
        image.getRaster().setDataElements(0, 0, 4, 4, halves);

        byte[] small = PixelConverter.toPixels(image, new ImageShape(1, 2, 2));
        assertArrayEquals(new byte[] {50, (byte) 255, 50, (byte) 255}, small);

        byte[] one = PixelConverter.toPixels(image, new ImageShape(1, 1, 1));
        assertEquals(Math.round((100 + 255 + 255) / 4.0), one[0] & 0xff);

        byte[] large = PixelConverter.toPixels(image, new ImageShape(1, 8, 8));
        int[] row = new int[8];
        for (int x = 0; x < 8; x++) {
            row[x] = large[x] & 0xff;
        }
        assertEquals(0, row[0]);
        assertEquals(255, row[7]);
        for (int x = 1; x < 8; x++) {
            assertTrue(row[x] >= row[x - 1], "bilinear enlargement of a rising edge rises: " + Arrays.toString(row));
        }
        assertTrue(row[2] > 0 && row[2] < 100, "interpolated between 0 and 100: " + row[2]);
    }

    @Test
    void aHeaderClaimingAHugeImageIsRefusedBeforeDecoding() throws IOException {
        byte[] png = encode(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "png");
        byte[] bomb = withPngSize(png, 100_000, 100_000);

        long start = System.nanoTime();
        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> ImageDecoder.decode(bomb));
        assertEquals(ImageRejectedException.IMAGE_TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused from the header, not by decoding");
    }

    @Test
    void thePixelLimitIsConfigurable() throws IOException {
        byte[] png = encode(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png");
        assertEquals(28, ImageDecoder.decode(png, 784).getWidth());
        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> ImageDecoder.decode(png, 783));
        assertEquals(ImageRejectedException.IMAGE_TOO_LARGE, e.reason());
    }

    @Test
    void garbageAndEmptyInputAreNotImages() {
        byte[] garbage = new byte[500];
        new java.util.Random(7).nextBytes(garbage);
        garbage[0] = 0; // a leading zero would make ImageIO's WBMP reader claim it
        garbage[1] = 0;
        assertEquals(ImageRejectedException.NOT_AN_IMAGE,
                assertThrows(ImageRejectedException.class, () -> ImageDecoder.decode(garbage)).reason());
        assertEquals(ImageRejectedException.NOT_AN_IMAGE,
                assertThrows(ImageRejectedException.class, () -> ImageDecoder.decode(new byte[0])).reason());
        assertEquals(ImageRejectedException.NOT_AN_IMAGE, assertThrows(ImageRejectedException.class,
                () -> ImageDecoder.decode("hello, I am a text file".getBytes())).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "gif"})
    void truncatedImagesAreCorrupt(String format) throws IOException {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(1);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, random.nextInt(0xffffff));
            }
        }
        byte[] bytes = encode(image, format);
        byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);

        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> ImageDecoder.decode(truncated));
        assertEquals(ImageRejectedException.CORRUPT_IMAGE, e.reason(), e.getMessage());
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), "ImageIO can write " + format);
        return out.toByteArray();
    }

    /** Rewrites the IHDR chunk's width and height (and its CRC) of a PNG. */
    private static byte[] withPngSize(byte[] png, int width, int height) {
        byte[] copy = png.clone();
        ByteBuffer buffer = ByteBuffer.wrap(copy);
        // signature (8) + length (4) + "IHDR" (4) -> width at 16, height at 20, CRC after the 13 data bytes at 29.
        buffer.putInt(16, width);
        buffer.putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(copy, 12, 4 + 13);
        buffer.putInt(29, (int) crc.getValue());
        return copy;
    }
}
