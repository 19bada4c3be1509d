package dev.prequel.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** The Quarkus test resource, driven the way Quarkus drives it: start, inject, stop. */
class LocalStackResourceTest {
    LocalStack injected;

    @Test
    void pointsTheApplicationAtTheSharedStackAndLeavesItRunningOnStop() throws Exception {
        LocalStackResource resource = new LocalStackResource();
        Map<String, String> config = resource.start();

        LocalStack shared = LocalStacks.shared();
        shared.serviceConfig().forEach((key, value) -> assertEquals(value, config.get(key), key));
        assertEquals("false", config.get("quarkus.kafka.devservices.enabled"));

        resource.inject((value, matches) -> {
            for (Field field : LocalStackResourceTest.class.getDeclaredFields()) {
                if (matches.test(field)) {
                    try {
                        field.set(this, value);
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        });
        assertEquals(shared.serviceConfig(), injected.serviceConfig(), "LocalStack fields get the stack");

        resource.stop();
        try (Admin admin = EmbeddedLocalStackTest.admin(shared)) {
            assertTrue(admin.listTopics().names().get().contains("errors"), "the stack outlives the resource");
        }
        assertEquals(config.get("kafka.bootstrap.servers"), new LocalStackResource().start().get("kafka.bootstrap.servers"),
                "a second application gets the same stack");
    }
}
