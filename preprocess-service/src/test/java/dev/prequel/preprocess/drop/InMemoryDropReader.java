package dev.prequel.preprocess.drop;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A drop held in memory, for tests of the formats and of preparation without archives. */
public final class InMemoryDropReader implements DropReader {

    private final List<byte[]> contents = new ArrayList<>();
    private final List<DropFile> files = new ArrayList<>();
    private final DropLimits limits;
    private final ReadBudget budget;

    public InMemoryDropReader(Map<String, byte[]> files, DropLimits limits) {
        this.limits = limits;
        this.budget = new ReadBudget(limits.maxTotalBytes());
        new LinkedHashMap<>(files).forEach((path, bytes) -> {
            this.files.add(new DropFile(path, bytes.length, contents.size()));
            contents.add(bytes);
        });
    }

    public InMemoryDropReader(Map<String, byte[]> files) {
        this(files, DropLimits.defaults());
    }

    @Override
    public List<DropFile> files() {
        return files;
    }

    @Override
    public List<SkippedEntry> skipped() {
        return List.of();
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
        return new BoundedInputStream(new ByteArrayInputStream(contents.get(file.index())), file.path(), -1, limits, budget);
    }

    @Override
    public void close() {
    }
}
