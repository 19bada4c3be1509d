package dev.prequel.model.artifact;

import dev.prequel.events.EventJson;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.predict.Normalisation;
import dev.prequel.model.train.EpochMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code model.json}: everything needed to rebuild, feed and judge a saved model.
 *
 * @param model the model line
 * @param version this model's version
 * @param architecture the {@link dev.prequel.model.arch.Architectures} name
 * @param shape the input shape
 * @param classes class names; output index i is classes[i]
 * @param mean per-channel mean for {@link Normalisation}, [0, 1] scale
 * @param std per-channel standard deviation for {@link Normalisation}, [0, 1] scale
 * @param parentVersion the model it was fine-tuned from, null when trained from scratch
 * @param datasetIds the datasets it was trained on
 * @param hyperParameters training settings, as strings
 * @param history one entry per epoch
 * @param device where it was trained
 * @param createdAt when it was saved
 * @param paramsSha256 SHA-256 of the parameters file, filled in by {@link ModelArtifact#save}
 */
public record ModelDescriptor(String model, String version, String architecture, ImageShape shape,
        List<String> classes, float[] mean, float[] std, String parentVersion, List<String> datasetIds,
        Map<String, String> hyperParameters, List<EpochMetrics> history, String device, Instant createdAt,
        String paramsSha256) {

    public ModelDescriptor {
        if (architecture == null || shape == null || classes == null || classes.size() < 2) {
            throw new IllegalArgumentException("a model descriptor needs an architecture, a shape and at least 2 classes");
        }
        classes = List.copyOf(classes);
        datasetIds = datasetIds == null ? List.of() : List.copyOf(datasetIds);
        hyperParameters = hyperParameters == null ? Map.of() : Map.copyOf(hyperParameters);
        history = history == null ? List.of() : List.copyOf(history);
        if (mean == null || std == null) {
            Normalisation identity = Normalisation.identity(shape.channels());
            mean = identity.mean();
            std = identity.std();
        }
        if (mean.length != shape.channels() || std.length != shape.channels()) {
            throw new IllegalArgumentException("mean and std need one value per channel (" + shape.channels() + ")");
        }
    }

    public Normalisation normalisation() {
        return new Normalisation(mean, std);
    }

    public ModelDescriptor withHistory(List<EpochMetrics> value) {
        return new ModelDescriptor(model, version, architecture, shape, classes, mean, std, parentVersion, datasetIds,
                hyperParameters, value, device, createdAt, paramsSha256);
    }

    public ModelDescriptor withParamsSha256(String value) {
        return new ModelDescriptor(model, version, architecture, shape, classes, mean, std, parentVersion, datasetIds,
                hyperParameters, history, device, createdAt, value);
    }

    /** A descriptor for a new version trained from this one (same architecture, shape, classes). */
    public ModelDescriptor child(String childVersion, Normalisation normalisation, List<String> childDatasetIds,
            Map<String, String> childHyperParameters, List<EpochMetrics> childHistory, String childDevice,
            Instant childCreatedAt) {
        return new ModelDescriptor(model, childVersion, architecture, shape, classes, normalisation.mean(),
                normalisation.std(), version, childDatasetIds, childHyperParameters, childHistory, childDevice,
                childCreatedAt, null);
    }

    public byte[] toJson() {
        return EventJson.writeBytes(this);
    }

    /** Parses {@code model.json}; a malformed one raises {@link EventJson.MalformedEventException}. */
    public static ModelDescriptor fromJson(byte[] json) {
        return EventJson.read(json, ModelDescriptor.class);
    }
}
