package dev.prequel.model.predict;

import java.util.List;

/**
 * A forward pass of one small image runs as a batch of two (the image twice), and the caller keeps the first row.
 * For a batch of one, libtorch skips oneDNN for a small input (fewer than 20,480 values, kernels of 3x3 or less) and
 * asks NNPACK instead; on a CPU NNPACK does not support, each such convolution logs "Could not initialize NNPACK!
 * Reason: Unsupported hardware." to stderr, one line per convolution layer per prediction (serving logged about
 * 22,000 of them in three minutes of benchmarking). The second copy costs one image's compute.
 */
public final class LoneImage {

    private LoneImage() {
    }

    /** The batch to run: {@code batch} itself, or its one image twice. */
    public static <T> List<T> padded(List<T> batch) {
        return batch.size() == 1 ? List.of(batch.get(0), batch.get(0)) : batch;
    }
}
