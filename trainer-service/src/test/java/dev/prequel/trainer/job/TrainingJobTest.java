package dev.prequel.trainer.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import org.awaitility.Awaitility;

import dev.prequel.events.Buckets;
import dev.prequel.events.TrainingRequested;
import dev.prequel.events.ModelTrained;
import dev.prequel.events.TrainingBatchProgress;
import dev.prequel.events.TrainingProgress;
import dev.prequel.events.Topics;
import dev.prequel.localstack.EventProbe;
import dev.prequel.localstack.LocalStack;
import dev.prequel.localstack.LocalStackResource;
import dev.prequel.localstack.SampleDrops;
import dev.prequel.model.artifact.ModelDescriptor;
import dev.prequel.model.image.ImageDecoder;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.image.PixelConverter;
import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.model.shard.Example;
import dev.prequel.model.shard.LocalDatasets;
import dev.prequel.model.shard.ShardEntry;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.PutObjectArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The trainer against a real Kafka broker, a real S3 server and real DJL training. */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@WithTestResource(PendingJobSeed.class) // same resources as ResumeAfterRestartTest: one application for both
@WithTestResource(RecipeLines.class)
class TrainingJobTest {

    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final ImageShape SHAPE = new ImageShape(1, 28, 28);

    LocalStack stack;
    private EventProbe probe;
    private MinioClient s3;
    private static SampleDrops sample;

    @BeforeEach
    void connect() {
        probe = new EventProbe(stack, Topics.MODELS_TRAINED, Topics.TRAINING_PROGRESS, Topics.ERRORS);
        s3 = MinioClient.builder().endpoint(stack.s3Endpoint()).credentials(stack.s3AccessKey(), stack.s3SecretKey())
                .region("us-east-1").build();
        if (sample == null) {
            sample = SampleDrops.load(SampleDrops.locateSample());
        }
    }

    @AfterEach
    void close() {
        probe.close();
    }

    /** Prepares a dataset the way preprocess would leave it, and requests its job as the line's owner would. */
    private TrainingRequested prepare(String model, String datasetId, int from, int perClass) throws Exception {
        return prepare(model, datasetId, from, perClass, SHAPE, null, List.of());
    }

    private TrainingRequested prepare(String model, String datasetId, int from, int perClass, ImageShape shape,
            String parent, List<TrainingRequested.ReplayShare> replay) throws Exception {
        List<String> classes = sample.labels();
        List<Example> train = new ArrayList<>();
        List<Example> val = new ArrayList<>();
        int i = 0;
        for (SampleDrops.LabelledImage image : sample.slice(from, perClass)) {
            Example e = new Example(classes.indexOf(image.label()),
                    PixelConverter.toPixels(ImageDecoder.decode(image.bytes()), shape));
            (i++ % 5 == 0 ? val : train).add(e);
        }
        Path dir = Files.createTempDirectory("dataset");
        DatasetManifest manifest = LocalDatasets.write(dir, model, datasetId, classes, shape,
                Map.of(DatasetManifest.TRAIN, train, DatasetManifest.VALIDATION, val));
        String prefix = Buckets.datasetPrefix(model, datasetId);
        for (ShardEntry shard : manifest.shards()) {
            s3.uploadObject(UploadObjectArgs.builder().bucket(Buckets.DATASETS).object(prefix + shard.key())
                    .filename(dir.resolve(shard.key()).toString()).build());
        }
        byte[] json = manifest.toJson();
        s3.putObject(PutObjectArgs.builder().bucket(Buckets.DATASETS).object(Buckets.manifestKey(model, datasetId))
                .stream(new ByteArrayInputStream(json), json.length, -1).build());
        TrainingRequested request = new TrainingRequested(model, "job-" + datasetId, datasetId, parent, replay, classes,
                "test-" + datasetId);
        probe.publish(request);
        return request;
    }

    private byte[] read(String bucket, String key) throws Exception {
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        }
    }

    @Test
    void aPreparedDatasetTrainsACandidateWithProgressAndARedeliveryDoesNotTrainAgain() throws Exception {
        TrainingRequested prepared = prepare("train-a", "ds-train-a-1", 0, 30);
        ModelTrained trained = probe.await(Topics.MODELS_TRAINED, ModelTrained.class, e -> e.model().equals("train-a"), WAIT);
        assertNull(trained.parentVersion());
        assertEquals("job-ds-train-a-1", trained.jobId());
        assertEquals(List.of("ds-train-a-1"), trained.datasetIds());
        assertEquals("cnn", trained.architecture());
        assertEquals(2, trained.epochs());
        assertTrue(trained.validationAccuracy() > 0.3, "learnt something: " + trained.validationAccuracy());
        List<TrainingProgress> progress = probe.awaitCount(Topics.TRAINING_PROGRESS, TrainingProgress.class,
                p -> p.version().equals(trained.version()), 2, WAIT);
        assertEquals(List.of(1, 2), progress.stream().map(TrainingProgress::epoch).toList());
        // Inside each epoch, every second batch (the test profile's interval), beside the per-epoch events.
        List<TrainingBatchProgress> inEpoch = probe.matching(Topics.TRAINING_PROGRESS, TrainingBatchProgress.class,
                p -> p.version().equals(trained.version()));
        assertEquals(List.of(1, 2), inEpoch.stream().map(TrainingBatchProgress::epoch).distinct().toList(), "" + inEpoch);
        for (TrainingBatchProgress p : inEpoch) {
            assertEquals(0, p.batch() % 2, "reported every 2 batches: " + p);
            assertTrue(p.examples() > 0 && p.examples() <= p.epochExamples(), "within the epoch: " + p);
            assertTrue(p.trainLoss() > 0, "a loss: " + p);
        }
        // Meters of the line, tagged by model only (not by version or dataset).
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
            return metrics.contains("prequel_trainer_epochs_total{model=\"train-a\"} 2.0")
                    && metrics.contains("prequel_trainer_images_per_second_count{model=\"train-a\"} 2")
                    && !metrics.contains(trained.version());
        });

        ModelDescriptor descriptor = ModelDescriptor.fromJson(read(Buckets.MODELS,
                Buckets.modelJsonKey("train-a", trained.version())));
        assertEquals(sample.labels(), descriptor.classes());
        assertEquals(2, descriptor.history().size());
        String paramsEtag = s3.statObject(StatObjectArgs.builder().bucket(Buckets.MODELS)
                .object(Buckets.modelPrefix("train-a", trained.version()) + "model.params").build()).etag();

        // A redelivery, then another dataset of the same line (same partition, handled in order): once the second
        // is trained, the redelivery has certainly been handled, and it must not have trained or announced anything.
        probe.publish(prepared);
        prepare("train-a", "ds-train-a-2", 30, 10);
        probe.await(Topics.MODELS_TRAINED, ModelTrained.class, e -> e.datasetIds().contains("ds-train-a-2"), WAIT);
        assertEquals(1, probe.matching(Topics.MODELS_TRAINED, ModelTrained.class,
                e -> e.version().equals(trained.version())).size(), "a redelivery announces nothing new");
        assertEquals(paramsEtag, s3.statObject(StatObjectArgs.builder().bucket(Buckets.MODELS)
                .object(Buckets.modelPrefix("train-a", trained.version()) + "model.params").build()).etag());
        assertEquals(2, probe.matching(Topics.TRAINING_PROGRESS, TrainingProgress.class,
                p -> p.version().equals(trained.version())).size(), "no second training");
    }

    @Test
    void aJobFineTunesItsParentOnTheNewDropAndAReplayOfEarlierData() throws Exception {
        prepare("train-b", "ds-train-b-1", 0, 20);
        ModelTrained first = probe.await(Topics.MODELS_TRAINED, ModelTrained.class, e -> e.model().equals("train-b"), WAIT);

        prepare("train-b", "ds-train-b-2", 20, 20, SHAPE, first.version(),
                List.of(new TrainingRequested.ReplayShare("ds-train-b-1", 0.5)));
        ModelTrained second = probe.await(Topics.MODELS_TRAINED, ModelTrained.class,
                e -> e.model().equals("train-b") && e.datasetIds().contains("ds-train-b-2"), WAIT);
        assertEquals(first.version(), second.parentVersion());
        assertEquals(List.of("ds-train-b-2", "ds-train-b-1"), second.datasetIds(), "the new drop, then the replay");
        ModelDescriptor descriptor = ModelDescriptor.fromJson(read(Buckets.MODELS,
                Buckets.modelJsonKey("train-b", second.version())));
        assertEquals(first.version(), descriptor.parentVersion());
        long trainedOn = descriptor.history().get(0).trainExamples();
        // 160 new train examples (a fifth of 200 goes to validation) plus about half of the first drop's 160.
        assertTrue(trainedOn > 200 && trainedOn < 280, "new plus replayed examples: " + trainedOn);
    }

    @Test
    void aLineConfiguredForResNet18TrainsItOnColourImages() throws Exception {
        prepare("train-resnet", "ds-train-resnet-1", 0, 6, new ImageShape(3, 32, 32), null, List.of());
        ModelTrained trained = probe.await(Topics.MODELS_TRAINED, ModelTrained.class,
                e -> e.model().equals("train-resnet"), WAIT);
        assertEquals("resnet18", trained.architecture());
        ModelDescriptor descriptor = ModelDescriptor.fromJson(read(Buckets.MODELS,
                Buckets.modelJsonKey("train-resnet", trained.version())));
        assertEquals(new ImageShape(3, 32, 32), descriptor.shape());
        assertEquals(2, descriptor.history().size());
        assertTrue(Double.isFinite(descriptor.history().get(1).trainLoss()));
    }
}
