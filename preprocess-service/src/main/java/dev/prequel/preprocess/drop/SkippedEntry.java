package dev.prequel.preprocess.drop;

/**
 * An archive entry a reader refused without reading it: a path that leaves the drop, a link, a device.
 *
 * @param name the entry's name as the archive spells it
 * @param reason machine-readable code ({@code unsafe-path}, {@code link-entry}, {@code special-entry})
 */
public record SkippedEntry(String name, String reason, String detail) {
}
