package dev.prequel.preprocess.drop;

import dev.prequel.runtime.storage.ObjectStore;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A drop of loose objects under one prefix (complete once its {@code _SUCCESS} marker landed). Each object is
 * streamed from the store when opened; keys are checked like archive entry names.
 */
public final class LooseDropReader implements DropReader {

    private final ObjectStore store;
    private final String bucket;
    private final DropLimits limits;
    private final ReadBudget budget;
    private final List<String> keys = new ArrayList<>();
    private final List<DropFile> files = new ArrayList<>();
    private final List<SkippedEntry> skipped = new ArrayList<>();

    public LooseDropReader(ObjectStore store, String bucket, String prefix, List<String> objectKeys, DropLimits limits) {
        this.store = store;
        this.bucket = bucket;
        this.limits = limits;
        this.budget = new ReadBudget(limits.maxTotalBytes());
        if (objectKeys.size() > limits.maxEntries()) {
            throw new DropRejectedException("too-many-entries", "the drop has " + objectKeys.size()
                    + " objects; the limit is " + limits.maxEntries() + " (prequel.preprocess.max-entries)");
        }
        for (String key : objectKeys) {
            String relative = key.startsWith(prefix) ? key.substring(prefix.length()) : key;
            var path = SafePaths.relative(relative);
            if (path.isEmpty() || !key.startsWith(prefix)) {
                skipped.add(new SkippedEntry(relative, "unsafe-path", "object outside the drop's prefix"));
                continue;
            }
            files.add(new DropFile(path.get(), -1, keys.size()));
            keys.add(key);
        }
    }

    @Override
    public List<DropFile> files() {
        return files;
    }

    @Override
    public List<SkippedEntry> skipped() {
        return skipped;
    }

    @Override
    public DropLimits limits() {
        return limits;
    }

    @Override
    public ReadBudget budget() {
        return budget;
    }

    @Override
    public InputStream open(DropFile file) {
        return new BoundedInputStream(store.open(bucket, keys.get(file.index())), file.path(), -1, limits, budget);
    }

    @Override
    public void close() {
        // every stream is closed by its reader
    }
}
