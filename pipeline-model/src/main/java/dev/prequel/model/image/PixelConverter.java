package dev.prequel.model.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;

/**
 * Turns a decoded image into the model's input bytes: CHW order, one unsigned byte per value.
 *
 * <p>Grey images are read straight from the raster: Java2D treats 8-bit grey as a linear colour
 * space and {@code getRGB} would brighten every mid-tone, so MNIST-like data would no longer match
 * its source values. Colour images go through {@code getRGB} (sRGB). RGB to grey uses the ITU-R
 * BT.601 luma weights; grey to RGB repeats the channel. Alpha is ignored.
 *
 * <p>When the size differs, each plane is resampled on its own: area averaging when shrinking
 * (no aliasing, like OpenCV's INTER_AREA) and bilinear interpolation with pixel-centre alignment when
 * enlarging. This is deterministic and needs no Java2D rendering hints.
 */
public final class PixelConverter {

    private PixelConverter() {
    }

    public static byte[] toPixels(BufferedImage image, ImageShape shape) {
        if (shape.channels() == 1 && image.getWidth() == shape.width() && image.getHeight() == shape.height()
                && isEightBitGrey(image.getColorModel())) {
            // The common case (MNIST-like data at the model's size): the samples are the answer; no float planes.
            int[] samples = image.getRaster().getSamples(0, 0, shape.width(), shape.height(), 0, (int[]) null);
            byte[] out = new byte[samples.length];
            for (int i = 0; i < samples.length; i++) {
                out[i] = (byte) samples[i];
            }
            return out;
        }
        return fromPlanes(readPlanes(image), image.getWidth(), image.getHeight(), shape);
    }

    private static boolean isEightBitGrey(ColorModel model) {
        return model instanceof ComponentColorModel && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && model.getComponentSize(0) == 8;
    }

    /**
     * Converts raw CHW bytes (an IDX or CIFAR record, say) of shape {@code source} to {@code target}, by the same
     * rules as a decoded image: a grey source is read as is, three channels as R, G, B. When the shapes are equal
     * the input array itself is returned.
     */
    public static byte[] toPixels(byte[] chw, ImageShape source, ImageShape target) {
        if (chw.length != source.size()) {
            throw new IllegalArgumentException("expected " + source.size() + " bytes for " + source + ", got " + chw.length);
        }
        if (source.equals(target)) {
            return chw;
        }
        float[][] planes = new float[source.channels()][source.area()];
        for (int c = 0; c < planes.length; c++) {
            for (int i = 0, offset = c * source.area(); i < planes[c].length; i++) {
                planes[c][i] = chw[offset + i] & 0xff;
            }
        }
        return fromPlanes(planes, source.width(), source.height(), target);
    }

    private static byte[] fromPlanes(float[][] sourcePlanes, int sourceWidth, int sourceHeight, ImageShape shape) {
        float[][] planes = convertChannels(sourcePlanes, shape.channels());
        byte[] out = new byte[shape.size()];
        for (int c = 0; c < shape.channels(); c++) {
            float[] plane = planes[c];
            if (sourceWidth != shape.width() || sourceHeight != shape.height()) {
                plane = Resampler.resize(plane, sourceWidth, sourceHeight, shape.width(), shape.height());
            }
            int offset = c * shape.area();
            for (int i = 0; i < plane.length; i++) {
                out[offset + i] = (byte) clampToByte(plane[i]);
            }
        }
        return out;
    }

    /** One plane for grey sources, three (R, G, B) otherwise; values 0..255. */
    private static float[][] readPlanes(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        ColorModel model = image.getColorModel();
        if (model instanceof ComponentColorModel && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            Raster raster = image.getRaster();
            int bits = model.getComponentSize(0);
            float scale = 255f / ((1 << bits) - 1);
            int[] samples = raster.getSamples(0, 0, width, height, 0, (int[]) null);
            float[] grey = new float[samples.length];
            for (int i = 0; i < samples.length; i++) {
                grey[i] = bits == 8 ? samples[i] : samples[i] * scale;
            }
            return new float[][] {grey};
        }
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        float[] r = new float[argb.length];
        float[] g = new float[argb.length];
        float[] b = new float[argb.length];
        for (int i = 0; i < argb.length; i++) {
            r[i] = (argb[i] >> 16) & 0xff;
            g[i] = (argb[i] >> 8) & 0xff;
            b[i] = argb[i] & 0xff;
        }
        return new float[][] {r, g, b};
    }

    private static float[][] convertChannels(float[][] planes, int channels) {
        if (planes.length == channels) {
            return planes;
        }
        if (channels == 3) {
            return new float[][] {planes[0], planes[0], planes[0]};
        }
        float[] r = planes[0];
        float[] g = planes[1];
        float[] b = planes[2];
        float[] grey = new float[r.length];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = 0.299f * r[i] + 0.587f * g[i] + 0.114f * b[i];
        }
        return new float[][] {grey};
    }

    private static int clampToByte(float value) {
        int rounded = Math.round(value);
        return rounded < 0 ? 0 : Math.min(rounded, 255);
    }
}
