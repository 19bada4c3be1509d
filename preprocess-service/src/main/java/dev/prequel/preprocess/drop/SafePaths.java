package dev.prequel.preprocess.drop;

import java.util.Optional;

/** Entry names from archives are untrusted: no absolute paths, no {@code ..}, no drive letters. */
public final class SafePaths {
    private SafePaths() {
    }

    /** The normalised relative path, or empty when the name tries to leave the drop. */
    public static Optional<String> relative(String name) {
        String n = name.replace('\\', '/');
        if (n.startsWith("/") || n.matches("^[A-Za-z]:.*") || n.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        for (String part : n.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                return Optional.empty();
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(part);
        }
        return out.length() == 0 ? Optional.empty() : Optional.of(out.toString());
    }
}
