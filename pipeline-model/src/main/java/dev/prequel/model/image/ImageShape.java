package dev.prequel.model.image;

/**
 * The input shape of a model in channels-first order: 1 (grey) or 3 (RGB) channels, height, width.
 * Serialised in JSON as {@code {"channels":1,"height":28,"width":28}}.
 */
public record ImageShape(int channels, int height, int width) {

    public ImageShape {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB), was " + channels);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("height and width must be positive, was " + height + "x" + width);
        }
        if ((long) channels * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape too large: " + channels + "x" + height + "x" + width);
        }
    }

    /** Number of values in one CHW image of this shape. */
    public int size() {
        return channels * height * width;
    }

    /** Number of pixels per channel. */
    public int area() {
        return height * width;
    }

    /** Parses the {@link #toString()} form {@code CxHxW}, e.g. {@code 3x32x32}. */
    public static ImageShape parse(String text) {
        String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        if (parts.length != 3) {
            throw new IllegalArgumentException("shape must look like CxHxW (e.g. 1x28x28), was '" + text + "'");
        }
        try {
            return new ImageShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shape must look like CxHxW (e.g. 1x28x28), was '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
