package dev.prequel.model.train;

import java.util.function.Supplier;

/**
 * Receives training progress on the training thread. Between epochs the model is not being
 * updated, so {@link #onEpoch} may save a checkpoint of it. An exception thrown here stops the
 * training and propagates to the caller, which is how a job is cancelled.
 */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {
    };

    default void onBatch(BatchProgress progress) {
    }

    default void onEpoch(EpochMetrics metrics) {
    }

    /**
     * Called right after {@link #onEpoch}, with the optimizer's state at that point: pass its bytes to {@link
     * ModelTrainer#train(ai.djl.Model, Iterable, Iterable, dev.prequel.model.predict.Normalisation,
     * TrainingSettings, byte[], ProgressListener)} together with the weights saved now to resume bit-identically.
     * The supplier exports the state only when called (it is large: two floats per weight) and only during this
     * call.
     */
    default void onEpochEnd(EpochMetrics metrics, Supplier<byte[]> optimizerState) {
    }
}
