package dev.prequel.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Choosing the implementation; the container-backed one is not started here (no Docker on these machines). */
class LocalStacksTest {

    @AfterEach
    void clearSelector() {
        System.clearProperty(LocalStacks.SELECTOR);
    }

    @Test
    void embeddedUnlessContainersAreAskedFor() {
        if (System.getenv("PREQUEL_STACK") == null) {
            assertEquals(LocalStacks.EMBEDDED, LocalStacks.selectedKind());
        }
        System.setProperty(LocalStacks.SELECTOR, " Containers ");
        assertEquals(LocalStacks.CONTAINERS, LocalStacks.selectedKind());
    }

    @Test
    void anUnknownKindIsRefusedBeforeAnythingStarts() {
        System.setProperty(LocalStacks.SELECTOR, "docker-compose");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, LocalStacks::start);
        assertTrue(refused.getMessage().contains("embedded or containers"), refused.getMessage());
    }

    @Test
    void environmentNamesFollowQuarkus() {
        assertEquals("PREQUEL_S3_SECRET_KEY", LocalStack.environmentName("prequel.s3.secret-key"));
        assertEquals("KAFKA_BOOTSTRAP_SERVERS", LocalStack.environmentName("kafka.bootstrap.servers"));
    }

    @Test
    void credentialsNeverShowTheSecret() {
        S3Credentials credentials = S3Credentials.random();
        assertFalse(credentials.toString().contains(credentials.secretKey()));
        assertTrue(credentials.secretKey().matches("[A-Za-z0-9]{40}"), "shell- and URL-safe");
        assertFalse(credentials.equals(S3Credentials.random()), "fresh for every start");
    }

    @Test
    void secretLookingConfigStaysOffTheCommandLine() {
        ServiceSpec spec = ServiceSpec.of("x", java.nio.file.Path.of("x-service"), 8081)
                .withConfig(Map.of("prequel.s3.secret-key", "s3cr3t", "prequel.s3.endpoint", "http://127.0.0.1:1"));
        assertFalse(spec.command("java", 8081).toString().contains("s3cr3t"));
        assertTrue(spec.command("java", 8081).contains("-Dprequel.s3.endpoint=http://127.0.0.1:1"));
        assertTrue(spec.command("java", 8081).contains("-Dquarkus.http.port=8081"));
        assertEquals("s3cr3t", spec.childEnvironment().get("PREQUEL_S3_SECRET_KEY"));
        assertEquals("true", spec.childEnvironment().get("DJL_OFFLINE"));
        // libtorch on a worker thread faults its buffers in on every pass without these (ServiceSpec.LIBTORCH_MALLOC).
        assertEquals("33554432", spec.childEnvironment().get("MALLOC_MMAP_THRESHOLD_"));
        assertEquals("268435456", spec.childEnvironment().get("MALLOC_TRIM_THRESHOLD_"));
        assertEquals("PASSIVE", spec.childEnvironment().get("OMP_WAIT_POLICY"));
    }
}
