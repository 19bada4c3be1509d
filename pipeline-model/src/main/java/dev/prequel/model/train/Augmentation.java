package dev.prequel.model.train;

import java.util.Locale;
import java.util.Random;

/**
 * Random changes applied to training images on the fly (never to validation or test data).
 * {@code SHIFT} moves the image by up to an eighth of its size in each direction, filling with
 * black (the usual pad-and-crop); {@code FLIP_SHIFT} also mirrors it left-right half of the time,
 * which suits photos but not digits or text. At 32x32 that is exactly the CIFAR-10 recipes' random crop of the
 * image padded by 4 pixels plus a horizontal flip, hence the alias {@code crop-flip}.
 */
public enum Augmentation {
    NONE, SHIFT, FLIP_SHIFT;

    /**
     * Parses {@code none}, {@code shift}, {@code flip-shift} or its alias {@code crop-flip} (case and {@code -}/{@code _}
     * insensitive).
     */
    public static Augmentation parse(String text) {
        if (text.trim().equalsIgnoreCase("crop-flip")) {
            return FLIP_SHIFT;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("augmentation must be none, shift, flip-shift or crop-flip, was '" + text + "'");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Returns the augmented copy of a CHW image, or the same array for {@code NONE}. */
    byte[] apply(byte[] pixels, int channels, int height, int width, Random random) {
        if (this == NONE) {
            return pixels;
        }
        int maxShiftY = Math.max(1, height / 8);
        int maxShiftX = Math.max(1, width / 8);
        int dy = random.nextInt(2 * maxShiftY + 1) - maxShiftY;
        int dx = random.nextInt(2 * maxShiftX + 1) - maxShiftX;
        boolean flip = this == FLIP_SHIFT && random.nextBoolean();
        byte[] out = new byte[pixels.length];
        int area = height * width;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                int sy = y - dy;
                if (sy < 0 || sy >= height) {
                    continue;
                }
                for (int x = 0; x < width; x++) {
                    int sx = (flip ? width - 1 - x : x) - dx;
                    if (sx >= 0 && sx < width) {
                        out[c * area + y * width + x] = pixels[c * area + sy * width + sx];
                    }
                }
            }
        }
        return out;
    }
}
