package dev.prequel.preprocess.drop;

/**
 * One file of a drop, wherever it lives (an archive entry or a loose object), not yet read.
 *
 * @param path its path inside the drop, normalised by {@link SafePaths}, with forward slashes
 * @param size its declared size in bytes; -1 when unknown (a declared size is not trusted: reads count)
 * @param index the reader's own handle for it
 */
public record DropFile(String path, long size, int index) {

    /** The last path segment. */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
