package dev.prequel.preprocess.format;

import java.util.Locale;
import java.util.Set;

/**
 * Files that archivers and desktops add on their own (macOS resource forks and {@code __MACOSX/}, Finder and
 * Explorer metadata). They are not data: counted as {@code system-file} but neither published one by one nor held
 * against the drop's share of unusable files, so a zip made on a Mac is not refused for them.
 */
public final class SystemFiles {
    private static final Set<String> NAMES = Set.of(".ds_store", "thumbs.db", "desktop.ini");

    private SystemFiles() {
    }

    public static boolean isSystemFile(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        String name = lower.substring(lower.lastIndexOf('/') + 1);
        return lower.startsWith("__macosx/") || lower.contains("/__macosx/") || name.startsWith("._")
                || NAMES.contains(name);
    }
}
