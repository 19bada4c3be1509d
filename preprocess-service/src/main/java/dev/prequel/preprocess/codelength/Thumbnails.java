package dev.prequel.preprocess.codelength;

import dev.prequel.model.image.ImageShape;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import javax.imageio.ImageIO;

/**
 * A small PNG of an example's pixels (CHW bytes as the shards hold them), base64, for a person deciding whether its
 * label is wrong; images larger than {@link #MAX_SIDE} are scaled down so a list of them stays small. And the example's
 * id: the hex of the first 128 bits of the SHA-256 of its pixels, the identity the line's index keeps.
 */
final class Thumbnails {

    static final int MAX_SIDE = 64;

    private Thumbnails() {
    }

    static String pngBase64(byte[] pixels, ImageShape shape) {
        int h = shape.height();
        int w = shape.width();
        int plane = h * w;
        BufferedImage image = new BufferedImage(w, h, shape.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY
                : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int at = y * w + x;
                if (shape.channels() == 1) {
                    image.getRaster().setSample(x, y, 0, pixels[at] & 0xff);
                } else {
                    image.setRGB(x, y, (pixels[at] & 0xff) << 16 | (pixels[plane + at] & 0xff) << 8
                            | (pixels[2 * plane + at] & 0xff));
                }
            }
        }
        if (Math.max(w, h) > MAX_SIDE) {
            double scale = (double) MAX_SIDE / Math.max(w, h);
            BufferedImage small = new BufferedImage(Math.max(1, (int) (w * scale)), Math.max(1, (int) (h * scale)),
                    image.getType());
            var g = small.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, small.getWidth(), small.getHeight(), null);
            g.dispose();
            image = small;
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String id(byte[] pixels) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(pixels);
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
