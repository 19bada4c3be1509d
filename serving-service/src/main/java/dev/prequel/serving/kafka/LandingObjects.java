package dev.prequel.serving.kafka;

import dev.prequel.runtime.storage.ObjectStore;
import dev.prequel.serving.budget.BoundedRead;
import dev.prequel.serving.budget.BudgetExceededException;
import dev.prequel.serving.config.ServingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads images named by Kafka requests and score drops, refusing objects over the size limit before reading them. */
@ApplicationScoped
public class LandingObjects {

    private final ObjectStore store;
    private final long maxBytes;

    public LandingObjects(ObjectStore store, ServingConfig config) {
        this.store = store;
        this.maxBytes = config.limits().maxObjectSize().asLongValue();
    }

    /**
     * @throws BudgetExceededException when the object is larger than {@code prequel.serving.limits.max-object-size}
     * @throws UncheckedIOException when it is missing or unreadable
     */
    public byte[] read(String bucket, String key) {
        var stat = store.stat(bucket, key)
                .orElseThrow(() -> new UncheckedIOException(new IOException("s3://" + bucket + "/" + key + " does not exist")));
        if (stat.size() > maxBytes) {
            throw new BudgetExceededException("s3://" + bucket + "/" + key + " has " + stat.size()
                    + " bytes, more than the limit of " + maxBytes);
        }
        // Counted while read too: the object may have been replaced since the stat.
        try (InputStream in = store.open(bucket, key)) {
            return BoundedRead.readAtMost(in, maxBytes, "s3://" + bucket + "/" + key);
        } catch (IOException e) {
            throw new UncheckedIOException("reading s3://" + bucket + "/" + key, e);
        }
    }
}
