package dev.prequel.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/** The baseline: ImageIO decoding the same images from memory, nothing else. */
final class BareDecode {

    static {
        ImageIO.setUseCache(false); // no temporary files: decode from memory, as the pipeline does
    }

    private BareDecode() {
    }

    /** Decodes every image; returns how many decoded (and keeps the JIT from dropping the work). */
    static int decodeAll(List<byte[]> images) {
        int decoded = 0;
        long pixels = 0;
        for (byte[] bytes : images) {
            try {
                var image = ImageIO.read(new ByteArrayInputStream(bytes));
                if (image != null) {
                    decoded++;
                    pixels += image.getWidth() * (long) image.getHeight();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pixels > 0 ? decoded : 0;
    }
}
