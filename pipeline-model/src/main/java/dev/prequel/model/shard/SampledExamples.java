package dev.prequel.model.shard;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A deterministic sample of a stream of examples, relabelled into another class list: the replay share of an
 * earlier dataset. Each example is kept when a hash of (dataset, position, seed) falls below the fraction, so the
 * same job always sees the same examples, without knowing the stream's length or holding it in memory.
 */
public final class SampledExamples implements Iterable<Example> {

    private final Iterable<Example> source;
    private final double fraction;
    private final long salt;
    private final int[] labelMap;

    /**
     * @param labelMap the new label of each source label, or -1 to leave examples of that class out
     */
    public SampledExamples(Iterable<Example> source, String datasetId, double fraction, long seed, int[] labelMap) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in [0, 1], was " + fraction);
        }
        this.source = source;
        this.fraction = fraction;
        this.salt = mix(seed ^ fnv(datasetId));
        this.labelMap = labelMap.clone();
    }

    /** The map from one class list to another by name (-1 where the target lacks the class). */
    public static int[] labelMap(java.util.List<String> from, java.util.List<String> to) {
        int[] map = new int[from.size()];
        for (int i = 0; i < map.length; i++) {
            map[i] = to.indexOf(from.get(i));
        }
        return map;
    }

    /** Whether the example at this position is in the sample (before relabelling). */
    boolean keeps(long position) {
        // Top 53 bits of a well-mixed 64-bit value: a uniform double in [0, 1).
        return (mix(salt + position * 0x9E3779B97F4A7C15L) >>> 11) * 0x1.0p-53 < fraction;
    }

    @Override
    public Iterator<Example> iterator() {
        Iterator<Example> it = source.iterator();
        return new Iterator<>() {
            private long position;
            private Example next;

            @Override
            public boolean hasNext() {
                while (next == null && it.hasNext()) {
                    Example e = it.next();
                    long at = position++;
                    int label = e.label() < labelMap.length ? labelMap[e.label()] : -1;
                    if (label >= 0 && keeps(at)) {
                        next = label == e.label() ? e : new Example(label, e.pixels());
                    }
                }
                return next != null;
            }

            @Override
            public Example next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Example e = next;
                next = null;
                return e;
            }
        };
    }

    private static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
