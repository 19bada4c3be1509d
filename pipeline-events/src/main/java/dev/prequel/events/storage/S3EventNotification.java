package dev.prequel.events.storage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The S3 event record that MinIO's bucket notification writes to Kafka, and that ingest's own poller
 * writes in the same shape for S3 servers without notifications. Only the fields Prequel reads are mapped.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record S3EventNotification(@JsonProperty("EventName") String eventName, @JsonProperty("Key") String key,
        @JsonProperty("Records") List<S3Record> records) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record S3Record(String eventName, S3 s3) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record S3(Bucket bucket, S3Object object) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Bucket(String name) {
    }

    /** {@code key} is URL-encoded, as S3 notifications have it; see {@link #decodedKey()}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record S3Object(String key, long size, String eTag, String contentType, String sequencer) {

        public String decodedKey() {
            return URLDecoder.decode(key, StandardCharsets.UTF_8);
        }
    }

    /** One record for a created object, with the key URL-encoded the way S3 encodes it. */
    public static S3EventNotification objectCreated(String bucket, String key, long size, String eTag) {
        String encoded = java.net.URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
        S3Record rec = new S3Record("s3:ObjectCreated:Put",
                new S3(new Bucket(bucket), new S3Object(encoded, size, eTag, null, null)));
        return new S3EventNotification("s3:ObjectCreated:Put", bucket + "/" + key, List.of(rec));
    }
}
