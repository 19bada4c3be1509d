package dev.prequel.model.predict;

import dev.prequel.model.artifact.ModelArtifact;
import java.nio.file.Path;

/**
 * A process that loads an artifact and predicts one image at a time, {@code args[1]} times, then prints the first
 * answer's top class: what {@link LoneImageTest} watches the standard error of (libtorch writes there directly).
 */
public final class OneImagePrediction {

    private OneImagePrediction() {
    }

    public static void main(String[] args) {
        int times = Integer.parseInt(args[1]);
        try (ImageClassifier classifier = new ImageClassifier(ModelArtifact.load(Path.of(args[0])));
                ImageClassifier.Session session = classifier.openSession()) {
            byte[] image = new byte[classifier.shape().size()];
            float[][] first = null;
            for (int i = 0; i < times; i++) {
                image[i % image.length] = (byte) (i * 37);
                float[][] p = session.probabilities(java.util.List.of(image));
                first = first == null ? p : first;
            }
            System.out.println("predicted " + times + " single images; first has " + first[0].length + " classes");
        }
    }
}
