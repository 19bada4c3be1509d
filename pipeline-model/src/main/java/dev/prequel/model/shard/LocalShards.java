package dev.prequel.model.shard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The examples of one split of a dataset copied to a local directory (one file per shard, named by
 * its key), as an {@link Iterable} that can be walked again for every epoch. Each walk opens the
 * shards one after the other and verifies each against the manifest.
 */
public final class LocalShards implements Iterable<Example> {

    private final Path directory;
    private final List<ShardEntry> entries;
    private final DatasetManifest manifest;

    private LocalShards(Path directory, DatasetManifest manifest, List<ShardEntry> entries) {
        this.directory = directory;
        this.manifest = manifest;
        this.entries = entries;
    }

    /** The examples of {@code split} under {@code directory}. */
    public static LocalShards split(Path directory, DatasetManifest manifest, String split) {
        return new LocalShards(directory, manifest, manifest.shards(split));
    }

    /** The examples of several splits in sequence (e.g. replaying an older dataset's train split). */
    public static LocalShards of(Path directory, DatasetManifest manifest, List<ShardEntry> entries) {
        return new LocalShards(directory, manifest, List.copyOf(entries));
    }

    public int examples() {
        return entries.stream().mapToInt(ShardEntry::examples).sum();
    }

    /**
     * The iterator closes each file once read to its end; stop early only by reading to the end or
     * accept that the current file stays open until garbage-collected.
     */
    @Override
    public Iterator<Example> iterator() {
        return new Iterator<>() {
            private int index;
            private ShardReader current;

            @Override
            public boolean hasNext() {
                while (true) {
                    if (current != null) {
                        if (current.hasNext()) {
                            return true;
                        }
                        current.close();
                        current = null;
                    }
                    if (index >= entries.size()) {
                        return false;
                    }
                    current = open(entries.get(index++));
                }
            }

            @Override
            public Example next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    private ShardReader open(ShardEntry entry) {
        Path file = directory.resolve(entry.key());
        ShardReader reader;
        try {
            reader = new ShardReader(Files.newInputStream(file), entry);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open shard " + file, e);
        }
        if (!reader.shape().equals(manifest.shape())) {
            reader.close();
            throw new CorruptShardException("shard " + entry.key() + " has shape " + reader.shape()
                    + " but the manifest says " + manifest.shape());
        }
        return reader;
    }
}
