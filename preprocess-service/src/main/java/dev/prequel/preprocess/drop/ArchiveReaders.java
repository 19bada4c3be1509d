package dev.prequel.preprocess.drop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens an archive file as a {@link DropReader}, by its content: zip, tar, or gzip around either (a
 * {@code .tar.gz} is inflated to a local tar first, within the size and ratio limits, so it can then be read
 * in any order like a plain tar).
 */
public final class ArchiveReaders {

    private ArchiveReaders() {
    }

    /**
     * @param work a directory for the inflated copy of a gzipped archive
     * @param claimed what the object's name says it is, used when the content has no magic (old tars)
     */
    public static DropReader open(Path archive, ArchiveType claimed, Path work, DropLimits limits) {
        ArchiveType type = ArchiveType.sniff(archive);
        if (type == ArchiveType.GZIP) {
            archive = gunzip(archive, work.resolve("inflated.bin"), limits);
            type = ArchiveType.sniff(archive);
            if (type != ArchiveType.TAR && type != ArchiveType.ZIP) {
                throw new DropRejectedException("corrupt-archive", "the gzip stream holds neither a tar nor a zip archive");
            }
        } else if (type == ArchiveType.NONE) {
            type = claimed; // a pre-POSIX tar has no magic; a damaged zip fails to open below
        }
        if (type == ArchiveType.ZIP) {
            return new ZipDropReader(archive, limits);
        }
        if (type == ArchiveType.TAR) {
            return new TarDropReader(archive, limits);
        }
        throw new DropRejectedException("corrupt-archive", "not a zip, tar or gzip archive");
    }

    /** Inflates a gzip file, refusing it as a bomb past the total size or the compression ratio. */
    static Path gunzip(Path gz, Path target, DropLimits limits) {
        long compressed;
        try {
            compressed = Files.size(gz);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ReadBudget budget = new ReadBudget(limits.maxTotalBytes());
        // The whole inflated archive is one "entry" here: its limit is the drop's total.
        DropLimits whole = new DropLimits(limits.maxEntries(), limits.maxTotalBytes(), limits.maxTotalBytes(),
                limits.maxCompressionRatio());
        try (InputStream in = new BoundedInputStream(new GZIPInputStream(Files.newInputStream(gz), 1 << 16), "the archive",
                compressed, whole, budget); OutputStream out = Files.newOutputStream(target)) {
            in.transferTo(out);
        } catch (FileRejectedException e) {
            throw new DropRejectedException("archive-bomb", e.getMessage());
        } catch (IOException e) {
            throw new DropRejectedException("corrupt-archive", "not a readable gzip stream: " + e.getMessage());
        }
        return target;
    }
}
