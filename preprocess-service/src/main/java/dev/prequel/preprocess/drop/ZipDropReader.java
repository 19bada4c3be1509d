package dev.prequel.preprocess.drop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A zip drop, read from its central directory: entries are listed without inflating anything, and each is
 * inflated only when opened, through a {@link BoundedInputStream} (size and compression ratio counted as read).
 */
public final class ZipDropReader extends IndexedDropReader<ZipEntry> {

    private final ZipFile zip;

    public ZipDropReader(Path file, DropLimits limits) {
        super(limits);
        try {
            this.zip = new ZipFile(file.toFile());
        } catch (IOException e) {
            throw new DropRejectedException("corrupt-archive", "not a readable zip archive: " + e.getMessage());
        }
        try {
            list();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void list() {
        if (zip.size() > limits().maxEntries()) {
            throw new DropRejectedException("too-many-entries", "the archive has " + zip.size()
                    + " entries; the limit is " + limits().maxEntries() + " (prequel.preprocess.max-entries)");
        }
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
            ZipEntry e = all.nextElement();
            if (e.isDirectory()) {
                continue;
            }
            index(e.getName(), e.getSize(), e, "archive entry escapes the drop");
        }
    }

    @Override
    public InputStream open(DropFile file) {
        ZipEntry e = handle(file);
        try {
            long compressed = e.getMethod() == ZipEntry.STORED ? -1 : e.getCompressedSize();
            return new BoundedInputStream(zip.getInputStream(e), file.path(), compressed, limits(), budget());
        } catch (IOException ex) {
            throw new FileRejectedException("corrupt-file", "cannot open " + file.path() + ": " + ex.getMessage());
        }
    }

    @Override
    public void close() {
        DropReader.closeQuietly(zip);
    }
}
