package dev.prequel.model.train;

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
}
