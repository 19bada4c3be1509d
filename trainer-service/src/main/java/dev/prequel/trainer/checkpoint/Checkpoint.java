package dev.prequel.trainer.checkpoint;

import dev.prequel.model.artifact.LoadedModel;

/**
 * What a job resumes from: the weights after its last finished epoch and the optimizer's state at that moment,
 * which together make the resumed run end with the weights an uninterrupted one would have.
 *
 * @param model the checkpoint's weights, with the epochs done so far in its descriptor
 * @param optimizerState the bytes {@code ProgressListener.onEpochEnd} handed out after that epoch
 */
public record Checkpoint(LoadedModel model, byte[] optimizerState) implements AutoCloseable {

    public Checkpoint {
        if (model == null || optimizerState == null) {
            throw new IllegalArgumentException("a checkpoint needs both the model and the optimizer state");
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
