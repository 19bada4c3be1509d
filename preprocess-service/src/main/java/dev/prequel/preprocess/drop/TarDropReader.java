package dev.prequel.preprocess.drop;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * A tar drop on local disk (a {@code .tar.gz} is inflated to one first, see {@link ArchiveReaders}). Entries are
 * counted with a streaming pass before commons-compress indexes them, so a tar of millions of empty entries is
 * refused before it fills the heap. Links and device entries are never followed: they are skipped with a reason
 * (nothing is ever extracted to the file system, but a link is still not data).
 */
public final class TarDropReader implements DropReader {

    private final TarFile tar;
    private final DropLimits limits;
    private final ReadBudget budget;
    private final List<TarArchiveEntry> entries = new ArrayList<>();
    private final List<DropFile> files = new ArrayList<>();
    private final List<SkippedEntry> skipped = new ArrayList<>();

    public TarDropReader(Path file, DropLimits limits) {
        this.limits = limits;
        this.budget = new ReadBudget(limits.maxTotalBytes());
        countEntries(file, limits);
        try {
            this.tar = new TarFile(file);
        } catch (IOException | RuntimeException e) {
            throw new DropRejectedException("corrupt-archive", "not a readable tar archive: " + e.getMessage());
        }
        try {
            list();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static void countEntries(Path file, DropLimits limits) {
        int count = 0;
        try (TarArchiveInputStream in = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            while (in.getNextEntry() != null) {
                if (++count > limits.maxEntries()) {
                    throw new DropRejectedException("too-many-entries", "the archive has more than "
                            + limits.maxEntries() + " entries (prequel.preprocess.max-entries)");
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new DropRejectedException("corrupt-archive", "not a readable tar archive: " + e.getMessage());
        }
    }

    private void list() {
        for (TarArchiveEntry e : tar.getEntries()) {
            if (e.isDirectory()) {
                continue;
            }
            if (e.isSymbolicLink() || e.isLink()) {
                skipped.add(new SkippedEntry(e.getName(), "link-entry",
                        "links are not followed (to " + e.getLinkName() + ")"));
                continue;
            }
            if (!e.isFile() || e.isSparse()) {
                skipped.add(new SkippedEntry(e.getName(), "special-entry", "not a regular file"));
                continue;
            }
            var path = SafePaths.relative(e.getName());
            if (path.isEmpty()) {
                skipped.add(new SkippedEntry(e.getName(), "unsafe-path", "archive entry escapes the drop"));
                continue;
            }
            files.add(new DropFile(path.get(), e.getSize(), entries.size()));
            entries.add(e);
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
        try {
            return new BoundedInputStream(tar.getInputStream(entries.get(file.index())), file.path(), -1, limits, budget);
        } catch (IOException e) {
            throw new FileRejectedException("corrupt-file", "cannot open " + file.path() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (tar != null) {
            DropReader.closeQuietly(tar);
        }
    }
}
