package dev.prequel.serving.registry;

import dev.prequel.model.image.ImageShape;
import dev.prequel.model.predict.ImageClassifier;
import java.util.List;

/**
 * One loaded model version. Its {@link ImageClassifier} counts running calls and closes the native model only
 * after the last one, since closing a DJL model under a running prediction can crash the JVM.
 */
public record ServedModel(String model, String version, ImageClassifier classifier) {

    public ImageShape shape() {
        return classifier.shape();
    }

    public List<String> classes() {
        return classifier.classes();
    }
}
