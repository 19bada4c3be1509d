package dev.prequel.model.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.shard.Example;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Per-channel normalisation of pixel bytes: {@code x = (p / 255 - mean[c]) / std[c]}. Mean and
 * standard deviation are on the [0, 1] scale, computed once on a dataset's train split and carried
 * with every model trained on it, so training and serving feed the network the same numbers.
 */
public record Normalisation(float[] mean, float[] std) {

    /** Below this a channel is treated as constant and only centred, not scaled. */
    private static final double MIN_STD = 1e-6;

    public Normalisation {
        if (mean == null || std == null || mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("mean and std need the same, non-zero number of channels");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be positive, was " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** No change beyond scaling to [0, 1]. */
    public static Normalisation identity(int channels) {
        float[] zeros = new float[channels];
        float[] ones = new float[channels];
        Arrays.fill(ones, 1f);
        return new Normalisation(zeros, ones);
    }

    /** Mean and (population) standard deviation per channel, in one streaming pass with exact integer sums. */
    public static Normalisation compute(Iterable<Example> examples, ImageShape shape) {
        int channels = shape.channels();
        int area = shape.area();
        long[] sum = new long[channels];
        long[] sumOfSquares = new long[channels];
        long images = 0;
        for (Example example : examples) {
            byte[] pixels = example.pixels();
            if (pixels.length != shape.size()) {
                throw new IllegalArgumentException("expected " + shape.size() + " pixel bytes for " + shape + ", got "
                        + pixels.length);
            }
            for (int c = 0; c < channels; c++) {
                long s = 0;
                long q = 0;
                for (int i = c * area, end = i + area; i < end; i++) {
                    int p = pixels[i] & 0xff;
                    s += p;
                    q += p * p;
                }
                sum[c] += s;
                sumOfSquares[c] += q;
            }
            images++;
        }
        if (images == 0) {
            throw new IllegalArgumentException("cannot compute a normalisation from no examples");
        }
        float[] mean = new float[channels];
        float[] std = new float[channels];
        double n = (double) images * area;
        for (int c = 0; c < channels; c++) {
            double m = sum[c] / n;
            double variance = Math.max(0, sumOfSquares[c] / n - m * m);
            double s = Math.sqrt(variance) / 255.0;
            mean[c] = (float) (m / 255.0);
            std[c] = (float) (s < MIN_STD ? 1.0 : s);
        }
        return new Normalisation(mean, std);
    }

    public int channels() {
        return mean.length;
    }

    /** Writes one normalised CHW image into {@code target} starting at {@code offset}. */
    public void apply(byte[] pixels, ImageShape shape, float[] target, int offset) {
        if (shape.channels() != channels()) {
            throw new IllegalArgumentException("normalisation has " + channels() + " channels, shape " + shape);
        }
        if (pixels.length != shape.size()) {
            throw new IllegalArgumentException("expected " + shape.size() + " pixel bytes for " + shape + ", got "
                    + pixels.length);
        }
        int area = shape.area();
        for (int c = 0; c < channels(); c++) {
            float scale = 1f / (255f * std[c]);
            float shift = mean[c] / std[c];
            for (int i = c * area, end = i + area; i < end; i++) {
                target[offset + i] = (pixels[i] & 0xff) * scale - shift;
            }
        }
    }

    /** Normalises a batch of CHW images into one {@code (N, C, H, W)} float array on {@code manager}'s device. */
    public NDArray toNDArray(NDManager manager, List<byte[]> images, ImageShape shape) {
        float[] data = new float[images.size() * shape.size()];
        for (int i = 0; i < images.size(); i++) {
            apply(images.get(i), shape, data, i * shape.size());
        }
        return manager.create(FloatBuffer.wrap(data),
                new Shape(images.size(), shape.channels(), shape.height(), shape.width()));
    }
}
