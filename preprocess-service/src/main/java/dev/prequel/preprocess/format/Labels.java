package dev.prequel.preprocess.format;

import java.util.regex.Pattern;

/**
 * Label names come from users (folder names, {@code batches.meta.txt}) and end up in JSON, logs and metric
 * labels: only letters, digits, space, dot, underscore and dash, starting with a letter or digit, at most 64.
 */
public final class Labels {
    private static final Pattern SAFE = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._-]{0,63}");

    private Labels() {
    }

    public static boolean isSafe(String label) {
        return label != null && SAFE.matcher(label).matches();
    }

    /** The name of the folder that holds the file, or null for a file at the top of the drop. */
    public static String folderOf(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return null;
        }
        return path.substring(path.lastIndexOf('/', slash - 1) + 1, slash);
    }

    /** The file's label: its folder's name when that is a safe label, else null. */
    public static String labelOf(String path) {
        String folder = folderOf(path);
        return isSafe(folder) ? folder : null;
    }
}
