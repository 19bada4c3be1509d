package dev.prequel.preprocess.drop;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;

/** A drop held in memory, for tests of the formats and of preparation without archives. */
public final class InMemoryDropReader extends IndexedDropReader<byte[]> {

    public InMemoryDropReader(Map<String, byte[]> files, DropLimits limits) {
        super(limits);
        files.forEach((path, bytes) -> index(path, bytes.length, bytes, "path escapes the drop"));
    }

    public InMemoryDropReader(Map<String, byte[]> files) {
        this(files, DropLimits.defaults());
    }

    @Override
    public InputStream open(DropFile file) {
        return new BoundedInputStream(new ByteArrayInputStream(handle(file)), file.path(), -1, limits(), budget());
    }

    @Override
    public void close() {
    }
}
