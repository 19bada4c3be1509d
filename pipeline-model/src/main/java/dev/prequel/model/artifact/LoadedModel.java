package dev.prequel.model.artifact;

import ai.djl.Model;
import dev.prequel.model.predict.Normalisation;

/**
 * A model rebuilt from its artifact, with the descriptor it was saved with. Closing it frees the
 * native memory; do not close it while another thread still predicts with it (see ImageClassifier).
 */
public record LoadedModel(ModelDescriptor descriptor, Model model) implements AutoCloseable {

    public Normalisation normalisation() {
        return descriptor.normalisation();
    }

    @Override
    public void close() {
        model.close();
    }
}
