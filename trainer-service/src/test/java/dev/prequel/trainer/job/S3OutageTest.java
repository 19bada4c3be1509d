package dev.prequel.trainer.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.events.Buckets;
import dev.prequel.events.ModelTrained;
import dev.prequel.events.PipelineError;
import dev.prequel.events.Topics;
import dev.prequel.events.TrainingProgress;
import dev.prequel.events.TrainingRequested;
import dev.prequel.localstack.EventProbe;
import dev.prequel.localstack.LocalStack;
import dev.prequel.localstack.ProxiedS3Resource;
import dev.prequel.localstack.SampleDrops;
import dev.prequel.localstack.TcpProxy;
import dev.prequel.model.image.ImageDecoder;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.image.PixelConverter;
import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.model.shard.Example;
import dev.prequel.model.shard.LocalDatasets;
import dev.prequel.model.shard.ShardEntry;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.UploadObjectArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trainer's S3 behind a {@link TcpProxy}, cut for 10 s once the job's first epoch is reported: saving a later
 * epoch's checkpoint fails, and the job runs again from its last checkpoint once S3 is back (an epoch is reported
 * twice) instead of failing for good; the candidate is announced once and nothing is reported.
 */
@QuarkusTest
@WithTestResource(ProxiedS3Resource.class)
@TestProfile(S3OutageTest.FourEpochs.class)
class S3OutageTest {

    public static class FourEpochs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("prequel.trainer.epochs", "4", "prequel.retry.initial-backoff", "200ms",
                    "prequel.retry.max-backoff", "2s", "prequel.retry.deadline", "90s");
        }
    }

    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final ImageShape SHAPE = new ImageShape(1, 28, 28);

    LocalStack stack;
    TcpProxy s3Proxy;
    private EventProbe probe;
    private MinioClient s3;

    @BeforeEach
    void connect() {
        probe = new EventProbe(stack, Topics.MODELS_TRAINED, Topics.TRAINING_PROGRESS, Topics.ERRORS);
        s3 = MinioClient.builder().endpoint(stack.s3Endpoint()).credentials(stack.s3AccessKey(), stack.s3SecretKey())
                .region("us-east-1").build();
    }

    @AfterEach
    void close() {
        s3Proxy.restore();
        probe.close();
    }

    @Test
    void aJobCutOffS3MidTrainingRunsAgainFromItsCheckpointAndIsAnnouncedOnce() throws Exception {
        String model = "train-outage";
        prepareAndRequest(model, "ds-train-outage-1");
        probe.await(Topics.TRAINING_PROGRESS, TrainingProgress.class, p -> p.model().equals(model) && p.epoch() == 1,
                WAIT);
        s3Proxy.cut();
        Thread.sleep(10_000);
        s3Proxy.restore();

        ModelTrained trained = probe.await(Topics.MODELS_TRAINED, ModelTrained.class, e -> e.model().equals(model), WAIT);
        assertEquals(4, trained.epochs(), trained.toString());
        Thread.sleep(3_000); // a second announcement would follow within this
        assertEquals(1, probe.matching(Topics.MODELS_TRAINED, ModelTrained.class, e -> e.model().equals(model)).size(),
                "announced once");
        Map<Integer, Long> reportsPerEpoch = probe.matching(Topics.TRAINING_PROGRESS, TrainingProgress.class,
                p -> p.model().equals(model)).stream()
                .collect(Collectors.groupingBy(TrainingProgress::epoch, Collectors.counting()));
        assertTrue(reportsPerEpoch.values().stream().anyMatch(n -> n > 1),
                "an epoch was trained again after the outage: " + reportsPerEpoch);
        List<PipelineError> reported = probe.matching(Topics.ERRORS, PipelineError.class, e -> model.equals(e.model()));
        assertEquals(List.of(), reported, "the outage is not a failed job");
    }

    /** A dataset as preprocess leaves it (written directly, not through the proxy) and its job, as the owner asks. */
    private void prepareAndRequest(String model, String datasetId) throws Exception {
        SampleDrops sample = SampleDrops.load(SampleDrops.locateSample());
        List<String> classes = sample.labels();
        List<Example> train = new ArrayList<>();
        List<Example> val = new ArrayList<>();
        int i = 0;
        for (SampleDrops.LabelledImage image : sample.slice(0, 150)) {
            Example e = new Example(classes.indexOf(image.label()),
                    PixelConverter.toPixels(ImageDecoder.decode(image.bytes()), SHAPE));
            (i++ % 5 == 0 ? val : train).add(e);
        }
        Path dir = Files.createTempDirectory("dataset");
        DatasetManifest manifest = LocalDatasets.write(dir, model, datasetId, classes, SHAPE,
                Map.of(DatasetManifest.TRAIN, train, DatasetManifest.VALIDATION, val));
        String prefix = Buckets.datasetPrefix(model, datasetId);
        for (ShardEntry shard : manifest.shards()) {
            s3.uploadObject(UploadObjectArgs.builder().bucket(Buckets.DATASETS).object(prefix + shard.key())
                    .filename(dir.resolve(shard.key()).toString()).build());
        }
        byte[] json = manifest.toJson();
        s3.putObject(PutObjectArgs.builder().bucket(Buckets.DATASETS).object(Buckets.manifestKey(model, datasetId))
                .stream(new ByteArrayInputStream(json), json.length, -1).build());
        probe.publish(new TrainingRequested(model, "job-" + datasetId, datasetId, null, List.of(), classes,
                "test-" + datasetId));
    }
}
