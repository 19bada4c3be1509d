package dev.prequel.preprocess.drop;

import dev.prequel.runtime.durable.Failures;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The files of one drop, whatever holds them (a zip, a tar, loose objects). Listing is cheap and reads no
 * content, so a format can be detected and class names found before anything is decoded; files can then be
 * opened in any order, each read counted against the {@link DropLimits}.
 */
public interface DropReader extends AutoCloseable {

    /** The drop's regular files with safe paths, in the container's order. */
    List<DropFile> files();

    /** Entries refused while listing, each with its reason. */
    List<SkippedEntry> skipped();

    /**
     * Opens one file. The stream enforces the limits: {@link FileRejectedException} when the file is too large,
     * {@link DropRejectedException} when the drop as a whole turns out to be a bomb.
     */
    InputStream open(DropFile file);

    /** Reads one whole file, within the per-entry limit. */
    default byte[] readAll(DropFile file) {
        try (InputStream in = open(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            Failures.rethrowIfTransient(e); // an S3 outage mid-read is not a corrupt file
            throw new FileRejectedException("corrupt-file", "cannot read " + file.path() + ": " + e.getMessage());
        }
    }

    /** The limits every read of this drop is held to. */
    DropLimits limits();

    /** The bytes this drop's reads have used so far. */
    ReadBudget budget();

    /**
     * Opens one file, inflated when its name ends in {@code .gz} (IDX files are often shipped so). The inflated
     * bytes are held to the same limits as any entry's.
     */
    default InputStream openInflated(DropFile file) {
        InputStream raw = open(file);
        if (!file.name().toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) {
            return raw;
        }
        try {
            return new BoundedInputStream(new GZIPInputStream(raw, 1 << 16), file.path(), file.size(), limits(), budget());
        } catch (IOException e) {
            closeQuietly(raw);
            Failures.rethrowIfTransient(e);
            throw new FileRejectedException("corrupt-file", file.path() + " is not a gzip file: " + e.getMessage());
        }
    }

    @Override
    void close();

    /** For readers' close(): failing to close a local file is not worth failing a preparation for. */
    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing useful to do: the work directory is deleted afterwards
        }
    }
}
