package dev.prequel.model.predict;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Autograd off on this thread until closed, then back as it was. libtorch's grad mode is per thread and on by
 * default: a worker thread that never set it records a graph for every operation, so in-place updates of weights
 * fail ("a leaf Variable that requires grad is being used in an in-place operation") and running sums keep every
 * batch's graph alive. DJL's own optimizers switch it off inside their native update; these do it here.
 *
 * <p>Inference uses it too: a serving worker, or any thread that never trained, has grad mode on, and a forward pass
 * there would do autograd's bookkeeping for nothing.
 */
public final class NoGrad implements AutoCloseable {

    private final boolean previous;

    public NoGrad() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
