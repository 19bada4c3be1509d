package dev.prequel.preprocess.drop;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * A tar drop on local disk (a {@code .tar.gz} is inflated to one first, see {@link ArchiveReaders}). Entries are
 * counted with a streaming pass before commons-compress indexes them, so a tar of millions of empty entries is
 * refused before it fills the heap. Links and device entries are never followed: they are skipped with a reason
 * (nothing is ever extracted to the file system, but a link is still not data).
 */
public final class TarDropReader extends IndexedDropReader<TarArchiveEntry> {

    private final TarFile tar;

    public TarDropReader(Path file, DropLimits limits) {
        super(limits);
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
                skip(e.getName(), "link-entry", "links are not followed (to " + e.getLinkName() + ")");
                continue;
            }
            if (!e.isFile() || e.isSparse()) {
                skip(e.getName(), "special-entry", "not a regular file");
                continue;
            }
            index(e.getName(), e.getSize(), e, "archive entry escapes the drop");
        }
    }

    @Override
    public InputStream open(DropFile file) {
        try {
            return new BoundedInputStream(tar.getInputStream(handle(file)), file.path(), -1, limits(), budget());
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
