package dev.prequel.serving.registry;

import dev.prequel.events.Prediction;
import dev.prequel.model.image.ImageDecoder;
import dev.prequel.model.image.PixelConverter;
import dev.prequel.model.predict.ImageClassifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Scores encoded images (PNG, JPEG, ...) with the model line's current version. */
@ApplicationScoped
public class ImageScorer {

    private final ModelRegistry registry;

    public ImageScorer(ModelRegistry registry) {
        this.registry = registry;
    }

    /** Top classes of one image, and the version that answered. */
    public record Scored(String version, List<Prediction.ClassScore> top) {
    }

    /**
     * @throws dev.prequel.model.image.ImageRejectedException when the bytes are not a usable image
     * @return empty when the model line has no version loaded
     */
    public Optional<Scored> score(String model, byte[] encodedImage, int topK) {
        var image = ImageDecoder.decode(encodedImage);
        return registry.withModel(model, served -> {
            float[] p = served.classifier().probabilities(PixelConverter.toPixels(image, served.shape()));
            return new Scored(served.version(), top(p, served.classes(), topK));
        });
    }

    /** The {@code k} most probable classes, best first, as events carry them. */
    public static List<Prediction.ClassScore> top(float[] probabilities, List<String> classes, int k) {
        return ImageClassifier.top(probabilities, classes, Math.max(1, k)).stream()
                .map(c -> new Prediction.ClassScore(c.label(), c.probability())).toList();
    }
}
