package dev.prequel.localstack;

import java.time.Duration;

/**
 * How long each part of a stack took to start. Kafka (then its topics) and S3 (then its buckets) start side by
 * side, so the total is less than the sum.
 */
public record StartupTimes(Duration kafka, Duration topics, Duration s3, Duration buckets, Duration total) {
    @Override
    public String toString() {
        return "kafka " + kafka.toMillis() + " ms + topics " + topics.toMillis() + " ms, s3 " + s3.toMillis()
                + " ms + buckets " + buckets.toMillis() + " ms, total " + total.toMillis() + " ms";
    }
}
