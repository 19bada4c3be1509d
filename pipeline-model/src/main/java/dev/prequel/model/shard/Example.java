package dev.prequel.model.shard;

/**
 * One labelled image: the class index and the pixels in CHW order, one unsigned byte per value.
 * The array is not copied; treat it as read-only.
 */
public record Example(int label, byte[] pixels) {

    public Example {
        if (label < 0) {
            throw new IllegalArgumentException("label must be non-negative, was " + label);
        }
        if (pixels == null) {
            throw new IllegalArgumentException("pixels must not be null");
        }
    }
}
