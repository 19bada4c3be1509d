package dev.prequel.model.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes PNG, JPEG, BMP and GIF bytes with ImageIO. The declared dimensions are read from the
 * header and checked against a pixel limit before any raster is allocated, so a small file that
 * claims to be 100000x100000 is refused without decompressing it. Only the first frame is read.
 */
public final class ImageDecoder {

    /** Default limit: 4096 x 4096 pixels, far above any model input, far below a memory problem. */
    public static final long DEFAULT_MAX_PIXELS = 4096L * 4096L;

    /** ImageIO also ships TIFF and WBMP readers; WBMP in particular "recognises" random bytes. */
    private static final Set<String> ACCEPTED_FORMATS = Set.of("png", "jpeg", "bmp", "gif");

    private ImageDecoder() {
    }

    /** Decodes with the {@linkplain #DEFAULT_MAX_PIXELS default} pixel limit. */
    public static BufferedImage decode(byte[] bytes) {
        return decode(bytes, DEFAULT_MAX_PIXELS);
    }

    /**
     * Decodes the first image in {@code bytes}.
     *
     * @param maxPixels the largest width x height accepted
     * @throws ImageRejectedException with reason {@code not-an-image}, {@code image-too-large} or {@code corrupt-image}
     */
    public static BufferedImage decode(byte[] bytes, long maxPixels) {
        if (bytes == null || bytes.length == 0) {
            throw new ImageRejectedException(ImageRejectedException.NOT_AN_IMAGE, "empty input");
        }
        // A memory cache keeps ImageIO from writing temporary files (its default with ImageIO.createImageInputStream).
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = acceptedReader(in);
            try {
                reader.setInput(in, true, true);
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                long width;
                long height;
                try {
                    width = reader.getWidth(0);
                    height = reader.getHeight(0);
                } catch (IOException | RuntimeException e) {
                    throw new ImageRejectedException(ImageRejectedException.CORRUPT_IMAGE,
                            "unreadable " + format + " header: " + describe(e), e);
                }
                if (width < 1 || height < 1) {
                    throw new ImageRejectedException(ImageRejectedException.CORRUPT_IMAGE,
                            format + " header declares " + width + "x" + height + " pixels");
                }
                if (width * height > maxPixels) {
                    throw new ImageRejectedException(ImageRejectedException.IMAGE_TOO_LARGE,
                            format + " image of " + width + "x" + height + " pixels exceeds the limit of "
                                    + maxPixels + " pixels");
                }
                List<String> truncation = new ArrayList<>();
                reader.addIIOReadWarningListener(truncationListener(truncation));
                BufferedImage image;
                try {
                    image = reader.read(0);
                } catch (IOException | RuntimeException e) {
                    throw new ImageRejectedException(ImageRejectedException.CORRUPT_IMAGE,
                            "cannot decode " + format + " image: " + describe(e), e);
                }
                if (!truncation.isEmpty()) {
                    throw new ImageRejectedException(ImageRejectedException.CORRUPT_IMAGE,
                            "truncated " + format + " image: " + truncation.get(0));
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new ImageRejectedException(ImageRejectedException.CORRUPT_IMAGE, "cannot read image: " + describe(e), e);
        }
    }

    private static ImageReader acceptedReader(ImageInputStream in) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            try {
                if (ACCEPTED_FORMATS.contains(reader.getFormatName().toLowerCase(Locale.ROOT))) {
                    return reader;
                }
            } catch (IOException e) {
                // a reader that cannot even name its format is not one we want
            }
            reader.dispose();
        }
        throw new ImageRejectedException(ImageRejectedException.NOT_AN_IMAGE, "not a PNG, JPEG, BMP or GIF image");
    }

    /** The JPEG reader reports a truncated file as a warning and returns a half-grey image; treat it as corrupt. */
    private static IIOReadWarningListener truncationListener(List<String> sink) {
        return (source, warning) -> {
            if (warning != null && warning.toLowerCase(Locale.ROOT).contains("premature end")) {
                sink.add(warning);
            }
        };
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
