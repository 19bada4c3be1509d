package dev.prequel.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * CloudEvents 1.0 in Kafka binary mode: the attributes travel as {@code ce_*} headers and the record value
 * is the JSON {@code data}. For plain Kafka clients (tests, users' tools) that write or read events.
 */
public final class CloudEventHeaders {
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";

    private CloudEventHeaders() {
    }

    /** The headers of one event, in the order they are written. */
    public static Map<String, byte[]> of(PipelineEvent event, String source) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(SPEC_VERSION, bytes("1.0"));
        headers.put(ID, bytes(UUID.nameUUIDFromBytes(bytes(event.eventId())).toString()));
        headers.put(SOURCE, bytes(source));
        headers.put(TYPE, bytes(EventType.of(event).ceType()));
        headers.put(TIME, bytes(Instant.now().toString()));
        headers.put(SUBJECT, bytes(event.model()));
        headers.put(CONTENT_TYPE, bytes("application/json"));
        return headers;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
