package dev.prequel.evaluator;

import dev.prequel.events.Buckets;
import dev.prequel.localstack.SampleDrops;
import dev.prequel.localstack.StackObjects;
import dev.prequel.model.artifact.LocalModels;
import dev.prequel.model.image.ImageDecoder;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.image.PixelConverter;
import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.model.shard.Example;
import dev.prequel.model.shard.LocalDatasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Real datasets and real trained (or untrained) models in the buckets, as the other services leave them. */
public final class EvaluatorFixtures {
    public static final ImageShape SHAPE = new ImageShape(1, 28, 28);

    private final StackObjects objects;
    private final SampleDrops sample = SampleDrops.load(SampleDrops.locateSample());

    public EvaluatorFixtures(StackObjects objects) {
        this.objects = objects;
    }

    public List<String> classes() {
        return sample.labels();
    }

    public List<Example> examples(int from, int perClass) {
        return sample.slice(from, perClass).stream().map(i -> new Example(classes().indexOf(i.label()),
                PixelConverter.toPixels(ImageDecoder.decode(i.bytes()), SHAPE))).toList();
    }

    /** A dataset whose test split holds the given examples, uploaded to the datasets bucket. */
    public void uploadTestSet(String model, String datasetId, List<Example> test) throws Exception {
        Path dir = Files.createTempDirectory("testset");
        LocalDatasets.write(dir, model, datasetId, classes(), SHAPE, Map.of(DatasetManifest.TEST, test));
        objects.uploadDirectory(Buckets.DATASETS, Buckets.datasetPrefix(model, datasetId), dir);
    }

    /** Random-noise images, all labelled {@code label}: valid images that teach nothing. */
    public List<Example> noise(int label, int count, long seed) {
        java.util.Random random = new java.util.Random(seed);
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> {
            byte[] pixels = new byte[SHAPE.channels() * SHAPE.height() * SHAPE.width()];
            random.nextBytes(pixels);
            return new Example(label, pixels);
        }).toList();
    }

    /** A prepared dataset with the given splits and classes, uploaded as preprocess leaves it. */
    public DatasetManifest uploadDataset(String model, String datasetId, List<String> classes,
            Map<String, List<Example>> splits) throws Exception {
        Path dir = Files.createTempDirectory("dataset");
        DatasetManifest manifest = LocalDatasets.write(dir, model, datasetId, classes, SHAPE, splits);
        objects.uploadDirectory(Buckets.DATASETS, Buckets.datasetPrefix(model, datasetId), dir);
        return manifest;
    }

    /** The event preprocess publishes for an uploaded dataset. */
    public static dev.prequel.events.DatasetPrepared prepared(DatasetManifest m, boolean drifted) {
        return new dev.prequel.events.DatasetPrepared(m.model(), m.datasetId(), Buckets.manifestKey(m.model(),
                m.datasetId()), m.classes(), SHAPE.channels(), SHAPE.height(), SHAPE.width(), m.splits(), 0, null,
                drifted, "test-" + m.datasetId(), null, null);
    }

    /** The event preprocess publishes for an uploaded dataset the champion encoded in {@code totalBits}. */
    public static dev.prequel.events.DatasetPrepared prepared(DatasetManifest m, int codedExamples, double totalBits) {
        return new dev.prequel.events.DatasetPrepared(m.model(), m.datasetId(), Buckets.manifestKey(m.model(),
                m.datasetId()), m.classes(), SHAPE.channels(), SHAPE.height(), SHAPE.width(), m.splits(), 0,
                totalBits / codedExamples, false, "test-" + m.datasetId(), codedExamples, totalBits);
    }

    /** A model version of the given classes trained on {@code train}, uploaded to the models bucket. */
    public void uploadModel(String model, String version, List<String> classes, List<Example> train, int epochs)
            throws Exception {
        Path dir = Files.createTempDirectory("model");
        LocalModels.trainAndSave(dir, model, version, "cnn", SHAPE, classes, train, epochs, 7);
        objects.uploadDirectory(Buckets.MODELS, Buckets.modelPrefix(model, version), dir);
    }

    /** A model version trained for {@code epochs} on {@code train} (0: random weights), uploaded to the models bucket. */
    public void uploadModel(String model, String version, List<Example> train, int epochs) throws Exception {
        Path dir = Files.createTempDirectory("model");
        LocalModels.trainAndSave(dir, model, version, "cnn", SHAPE, classes(), train, epochs, 7);
        objects.uploadDirectory(Buckets.MODELS, Buckets.modelPrefix(model, version), dir);
    }
}
