package dev.prequel.runtime.storage;

import java.nio.file.Path;

/**
 * Object keys turned into local paths. An S3 key is any string: {@code ../../etc/cron.d/x} or {@code /etc/x} is a
 * valid key, and resolved naively under a work directory it writes outside it. Every key that becomes a local path
 * goes through {@link #under}.
 */
public final class LocalPaths {
    private LocalPaths() {
    }

    /**
     * {@code dir/relative}, normalised.
     *
     * @throws UnsafeKeyException when {@code relative} is empty or absolute, or leaves {@code dir}
     */
    public static Path under(Path dir, String relative) {
        if (relative == null || relative.isEmpty() || relative.startsWith("/") || relative.startsWith("\\")
                || relative.indexOf('\0') >= 0) {
            throw new UnsafeKeyException(relative);
        }
        Path base = dir.toAbsolutePath().normalize();
        Path resolved = base.resolve(relative).normalize();
        if (!resolved.startsWith(base) || resolved.equals(base)) {
            throw new UnsafeKeyException(relative);
        }
        return resolved;
    }

    /** A key that would not stay inside the directory it is copied to. */
    public static final class UnsafeKeyException extends IllegalArgumentException {
        public UnsafeKeyException(String key) {
            super("object key " + (key == null ? "null" : "'" + key.replaceAll("\\p{Cntrl}", "?") + "'")
                    + " does not stay inside its local directory");
        }
    }
}
