package dev.prequel.deploy;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceConfigTest {
    private final ServiceConfig config = new ServiceConfig(PrequelService.INGEST, Map.of(
            "%prod.prequel.ingest.poll.enabled", "true",
            "prequel.serving.top-k", "3",
            "mp.messaging.incoming.storage-events.topic", "storage.events",
            "mp.messaging.outgoing.events.topic", "errors",
            "prequel.events.publishes", "datasets.landed, scoring.landed"));

    @Test
    void environmentNamesMatchKeysByQuarkusRules() {
        assertEquals("PREQUEL_SERVING_TOP_K", QuarkusEnvName.canonical("prequel.serving.top-k"));
        assertTrue(config.reads("PREQUEL_INGEST_POLL_ENABLED"), "a %prod. key is read without its profile");
        assertTrue(config.reads("PREQUEL_SERVING_TOP_K"));
        assertTrue(config.reads("KAFKA_BOOTSTRAP_SERVERS"), "common keys are read by every service");
        assertFalse(config.reads("PREQUEL_INGEST_POLL_ENABLE"), "a misspelt key is not read");
    }

    @Test
    void topicsAreChannelTopicsAndPublishedTopicsWithOverrides() {
        assertEquals(Set.of("storage.events", "errors", "datasets.landed", "scoring.landed"), config.topics(Map.of()));
        assertEquals(Set.of("storage.events", "dead.letters", "datasets.landed", "scoring.landed"),
                config.topics(Map.of("MP_MESSAGING_OUTGOING_EVENTS_TOPIC", "dead.letters")));
    }

    @Test
    void everyServiceHasItsApplicationProperties() {
        for (PrequelService service : PrequelService.values()) {
            ServiceConfig loaded = ServiceConfig.load(service);
            assertFalse(loaded.properties().isEmpty(), service.module() + " application.properties is empty");
        }
    }
}
