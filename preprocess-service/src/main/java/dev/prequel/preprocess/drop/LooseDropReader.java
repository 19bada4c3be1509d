package dev.prequel.preprocess.drop;

import dev.prequel.runtime.storage.ObjectStore;
import java.io.InputStream;
import java.util.List;

/**
 * A drop of loose objects under one prefix (complete once its {@code _SUCCESS} marker landed). Each object is
 * streamed from the store when opened; keys are checked like archive entry names.
 */
public final class LooseDropReader extends IndexedDropReader<String> {

    private final ObjectStore store;
    private final String bucket;

    public LooseDropReader(ObjectStore store, String bucket, String prefix, List<String> objectKeys, DropLimits limits) {
        super(limits);
        this.store = store;
        this.bucket = bucket;
        if (objectKeys.size() > limits.maxEntries()) {
            throw new DropRejectedException("too-many-entries", "the drop has " + objectKeys.size()
                    + " objects; the limit is " + limits.maxEntries() + " (prequel.preprocess.max-entries)");
        }
        for (String key : objectKeys) {
            if (!key.startsWith(prefix)) {
                skip(key, "unsafe-path", "object outside the drop's prefix");
                continue;
            }
            index(key.substring(prefix.length()), -1, key, "object outside the drop's prefix");
        }
    }

    @Override
    public InputStream open(DropFile file) {
        return new BoundedInputStream(store.open(bucket, handle(file)), file.path(), -1, limits(), budget());
    }

    @Override
    public void close() {
        // every stream is closed by its reader
    }
}
