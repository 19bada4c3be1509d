package dev.prequel.preprocess.drop;

import java.util.ArrayList;
import java.util.List;

/**
 * What every container reader keeps while listing: the files with safe paths, each with the container's own
 * handle for opening it later, and the entries refused with their reasons.
 *
 * @param <E> the container's handle of an entry (a zip entry, a tar entry, an object key)
 */
abstract class IndexedDropReader<E> implements DropReader {

    private final DropLimits limits;
    private final ReadBudget budget;
    private final List<E> handles = new ArrayList<>();
    private final List<DropFile> files = new ArrayList<>();
    private final List<SkippedEntry> skipped = new ArrayList<>();

    IndexedDropReader(DropLimits limits) {
        this.limits = limits;
        this.budget = new ReadBudget(limits.maxTotalBytes());
    }

    /** Lists {@code name} as a file when its path stays inside the drop, else skips it as {@code unsafe-path}. */
    protected final void index(String name, long size, E handle, String unsafeMessage) {
        var path = SafePaths.relative(name);
        if (path.isEmpty()) {
            skip(name, "unsafe-path", unsafeMessage);
            return;
        }
        files.add(new DropFile(path.get(), size, handles.size()));
        handles.add(handle);
    }

    protected final void skip(String name, String reason, String message) {
        skipped.add(new SkippedEntry(name, reason, message));
    }

    protected final E handle(DropFile file) {
        return handles.get(file.index());
    }

    @Override
    public final List<DropFile> files() {
        return files;
    }

    @Override
    public final List<SkippedEntry> skipped() {
        return skipped;
    }

    @Override
    public final DropLimits limits() {
        return limits;
    }

    @Override
    public final ReadBudget budget() {
        return budget;
    }
}
