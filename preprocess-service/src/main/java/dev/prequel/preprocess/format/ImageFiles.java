package dev.prequel.preprocess.format;

import java.util.Locale;
import java.util.Set;

/** File names that are meant as images (the decoder still checks the content). */
final class ImageFiles {
    private static final Set<String> SUFFIXES = Set.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private ImageFiles() {
    }

    static boolean looksLikeImage(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return SUFFIXES.stream().anyMatch(lower::endsWith);
    }
}
