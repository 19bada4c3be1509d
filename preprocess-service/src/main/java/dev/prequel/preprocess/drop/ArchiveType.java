package dev.prequel.preprocess.drop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** What kind of archive a file is, by its first bytes (names can lie), or by its name when meant as one. */
public enum ArchiveType {
    ZIP, TAR, GZIP, NONE;

    private static final int HEAD = 512;

    /** By content: zip local-file or empty-archive header, gzip magic, or the POSIX tar magic at offset 257. */
    public static ArchiveType sniff(byte[] head) {
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 && head[3] == 4 || head[2] == 5 && head[3] == 6)) {
            return ZIP;
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (head.length >= 262 && new String(Arrays.copyOfRange(head, 257, 262), StandardCharsets.US_ASCII).equals("ustar")) {
            return TAR;
        }
        return NONE;
    }

    public static ArchiveType sniff(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return sniff(in.readNBytes(HEAD));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** By name: what a drop object claims to be ({@code .zip}, {@code .tar}, {@code .tar.gz}, {@code .tgz}). */
    public static ArchiveType byName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".zip")) {
            return ZIP;
        }
        if (lower.endsWith(".tar")) {
            return TAR;
        }
        if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz")) {
            return GZIP;
        }
        return NONE;
    }
}
