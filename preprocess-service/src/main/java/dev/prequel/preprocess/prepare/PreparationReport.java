package dev.prequel.preprocess.prepare;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What preparing one drop saw, kept and dropped; the counting half of {@code stats.json}. */
public final class PreparationReport {

    public static final String DUPLICATE = "duplicate";
    public static final String DUPLICATE_OF_EARLIER = "duplicate-of-earlier";
    public static final String SYSTEM_FILE = "system-file";
    /**
     * Left out, but not a fault of the data: not published one by one, and not held against the share of
     * unusable files (a drop that repeats earlier images is not a bad drop).
     */
    public static final Set<String> NOT_FAULTS = Set.of(DUPLICATE, DUPLICATE_OF_EARLIER, SYSTEM_FILE);
    /** Distinct original sizes recorded one by one; beyond that they are counted under {@code other}. */
    static final int MAX_SIZES = 50;

    private final Map<String, Integer> perClass = new TreeMap<>();
    private final Map<String, Integer> droppedByReason = new TreeMap<>();
    private final Map<String, Integer> originalSizes = new TreeMap<>();
    private int seen;
    private int kept;

    void kept(String label, String originalSize) {
        seen++;
        kept++;
        perClass.merge(label, 1, Integer::sum);
        String key = originalSizes.containsKey(originalSize) || originalSizes.size() < MAX_SIZES ? originalSize : "other";
        originalSizes.merge(key, 1, Integer::sum);
    }

    void left(String reason) {
        seen++;
        droppedByReason.merge(reason, 1, Integer::sum);
    }

    public static boolean isFault(String reason) {
        return !NOT_FAULTS.contains(reason);
    }

    /** Everything left out, duplicates included (the manifest's {@code dropped}). */
    public int dropped() {
        return droppedByReason.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Left out for a fault of the input: corrupt, unsafe, unlabelled, ... */
    public int unusable() {
        return droppedByReason.entrySet().stream().filter(e -> isFault(e.getKey())).mapToInt(Map.Entry::getValue).sum();
    }

    /** How many were left out for {@code reason}. */
    public int count(String reason) {
        return droppedByReason.getOrDefault(reason, 0);
    }

    public Map<String, Integer> perClass() {
        return perClass;
    }

    public Map<String, Integer> droppedByReason() {
        return droppedByReason;
    }

    /** Kept examples by their size before conversion, {@code <width>x<height>}. */
    public Map<String, Integer> originalSizes() {
        return originalSizes;
    }

    public int seen() {
        return seen;
    }

    public int kept() {
        return kept;
    }
}
