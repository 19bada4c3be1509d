package dev.prequel.preprocess.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.events.DatasetLanded;
import dev.prequel.events.DatasetPrepared;
import dev.prequel.events.PipelineError;
import dev.prequel.events.Topics;
import dev.prequel.localstack.LocalStack;
import dev.prequel.localstack.ProxiedS3Resource;
import dev.prequel.localstack.SampleDrops;
import dev.prequel.localstack.TcpProxy;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Preprocess's S3 endpoint behind a {@link TcpProxy}, cut while a loose drop (one object per image) is handled and
 * restored 8 s later: the drop is prepared once, with every image, exactly as the same files are without an outage,
 * and nothing is reported (an outage is not a corrupt file nor a failed preparation).
 */
@QuarkusTest
@WithTestResource(ProxiedS3Resource.class)
@TestProfile(S3OutageTest.FastRetries.class)
class S3OutageTest {

    public static class FastRetries implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("prequel.retry.initial-backoff", "200ms", "prequel.retry.max-backoff", "2s",
                    "prequel.retry.deadline", "60s");
        }
    }

    LocalStack stack;
    TcpProxy s3Proxy;
    private StackDrops drops;

    @BeforeEach
    void connect() {
        drops = new StackDrops(stack); // the test's own S3 client goes direct, never through the proxy
    }

    @AfterEach
    void close() {
        s3Proxy.restore();
        drops.close();
    }

    @Test
    void aDropHandledDuringAnS3OutageIsPreparedOnceAsWithoutIt() throws Exception {
        SampleDrops sample = SampleDrops.load(SampleDrops.locateSample());
        Map<String, byte[]> files = new LinkedHashMap<>();
        sample.slice(0, 12).forEach(i -> files.put(i.label() + "/" + i.name(), i.bytes()));

        DatasetPrepared undisturbed = drops.awaitPrepared(drops.landLoose("outage-ref", "d", files));

        s3Proxy.cut();
        DatasetLanded landed = drops.landLoose("outage-cut", "d", files);
        Thread.sleep(8_000); // the handler retries meanwhile
        assertTrue(drops.probe.matching(Topics.DATASETS_PREPARED, DatasetPrepared.class,
                e -> e.model().equals("outage-cut")).isEmpty(), "nothing prepared while S3 is unreachable");
        s3Proxy.restore();

        DatasetPrepared prepared = drops.awaitPrepared(landed);
        assertEquals(undisturbed.datasetId(), prepared.datasetId(), "the same content, the same dataset id");
        assertEquals(undisturbed.classes(), prepared.classes());
        assertEquals(undisturbed.splits(), prepared.splits());
        assertEquals(0, prepared.dropped(), "no image was taken for a corrupt file");
        assertEquals(drops.splitContents(undisturbed), drops.splitContents(prepared), "the same examples, same splits");
        Thread.sleep(2_000); // a second announcement or a report would come within this
        assertEquals(1, drops.probe.matching(Topics.DATASETS_PREPARED, DatasetPrepared.class,
                e -> e.model().equals("outage-cut")).size(), "prepared exactly once");
        List<PipelineError> reported = drops.probe.matching(Topics.ERRORS, PipelineError.class,
                e -> "outage-cut".equals(e.model()));
        assertEquals(List.of(), reported, "nothing on errors");
    }
}
