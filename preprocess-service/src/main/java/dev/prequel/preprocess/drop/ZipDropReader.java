package dev.prequel.preprocess.drop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the files of a zip drop one at a time (never the whole archive in memory), refusing entries that
 * would escape the drop and archives that blow past the {@link DropLimits}.
 */
public final class ZipDropReader {

    private final DropLimits limits;

    public ZipDropReader(DropLimits limits) {
        this.limits = limits;
    }

    /** The safe file paths in the archive, without reading their content (for the class list). */
    public List<String> paths(Path zip, Consumer<String> unsafe) {
        List<String> out = new ArrayList<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            if (file.size() > limits.maxEntries()) {
                throw new DropRejectedException("too-many-entries",
                        "the archive has " + file.size() + " entries; the limit is " + limits.maxEntries());
            }
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                SafePaths.relative(e.getName()).ifPresentOrElse(out::add, () -> unsafe.accept(e.getName()));
            }
        } catch (IOException e) {
            throw new DropRejectedException("corrupt-archive", "not a readable zip archive: " + e.getMessage());
        }
        return out;
    }

    /** Streams every safe file entry to {@code sink}, enforcing the size limits while reading. */
    public void read(Path zip, Consumer<DropEntry> sink) {
        long total = 0;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                var path = SafePaths.relative(e.getName());
                if (path.isEmpty()) {
                    continue; // reported by paths()
                }
                byte[] bytes = readLimited(file, e);
                total += bytes.length;
                if (total > limits.maxTotalBytes()) {
                    throw new DropRejectedException("archive-bomb",
                            "uncompressed content exceeds " + limits.maxTotalBytes() + " bytes");
                }
                sink.accept(new DropEntry(path.get(), bytes));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading zip drop", e);
        }
    }

    private byte[] readLimited(ZipFile file, ZipEntry e) throws IOException {
        try (InputStream in = file.getInputStream(e)) {
            // Declared sizes can lie: count what is actually inflated.
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxEntryBytes() + 1));
            if (bytes.length > limits.maxEntryBytes()) {
                throw new DropRejectedException("archive-bomb", e.getName() + " inflates beyond "
                        + limits.maxEntryBytes() + " bytes");
            }
            long compressed = Math.max(1, e.getCompressedSize());
            if (bytes.length > 1024 * 1024 && (double) bytes.length / compressed > limits.maxCompressionRatio()) {
                throw new DropRejectedException("archive-bomb", e.getName() + " has a compression ratio above "
                        + limits.maxCompressionRatio());
            }
            return bytes;
        }
    }
}
