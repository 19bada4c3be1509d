package dev.prequel.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy against a smoothed target: {@code (1 - e)} on the true class plus {@code e / K} on each of
 * the {@code K} classes, i.e. {@code (1 - e) * CE + e * mean_k(-log p_k)}, PyTorch's {@code label_smoothing}. It
 * keeps the network from driving its logits to extremes; DJL's loss has no such option. Mean over the batch.
 */
final class SmoothedCrossEntropy extends Loss {

    private final float smoothing;

    SmoothedCrossEntropy(float smoothing) {
        super("SmoothedCrossEntropy");
        this.smoothing = smoothing;
    }

    /** Plain softmax cross-entropy (DJL's, as every job used before) when {@code smoothing} is 0. */
    static Loss of(float smoothing) {
        return smoothing == 0 ? Loss.softmaxCrossEntropyLoss() : new SmoothedCrossEntropy(smoothing);
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        int classes = (int) logits.getShape().get(logits.getShape().dimension() - 1);
        NDArray logProbabilities = logits.logSoftmax(-1);
        NDArray target = labels.singletonOrThrow().toType(DataType.INT64, false).oneHot(classes)
                .toType(logits.getDataType(), false).mul(1 - smoothing).add(smoothing / classes);
        return logProbabilities.mul(target).sum(new int[] {-1}).neg().mean();
    }
}
