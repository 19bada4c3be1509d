package dev.prequel.preprocess.drop;

/**
 * One file of a drop, wherever it came from (an archive entry or a loose object).
 *
 * @param path its path inside the drop, with forward slashes
 * @param bytes its content
 */
public record DropEntry(String path, byte[] bytes) {
}
