package dev.prequel.model.shard;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Several example streams merged into one, each next example drawn from a source chosen at random in proportion to
 * what it is expected to have left. The new drop and the replayed older data then arrive mixed, so a bounded
 * shuffle buffer sees both, and the merge is the same on every walk (fixed seed).
 */
public final class InterleavedExamples implements Iterable<Example> {

    /** A stream and about how many examples it holds (a weight; it need not be exact). */
    public record Source(Iterable<Example> examples, long expected) {
    }

    private final List<Source> sources;
    private final long seed;

    public InterleavedExamples(List<Source> sources, long seed) {
        this.sources = List.copyOf(sources);
        this.seed = seed;
    }

    @Override
    public Iterator<Example> iterator() {
        List<Iterator<Example>> its = new ArrayList<>();
        List<long[]> left = new ArrayList<>();
        for (Source s : sources) {
            its.add(s.examples().iterator());
            left.add(new long[] {Math.max(1, s.expected())});
        }
        Random random = new Random(seed);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                for (int i = its.size() - 1; i >= 0; i--) {
                    if (!its.get(i).hasNext()) {
                        its.remove(i);
                        left.remove(i);
                    }
                }
                return !its.isEmpty();
            }

            @Override
            public Example next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                long total = 0;
                for (long[] l : left) {
                    total += l[0];
                }
                long pick = (long) (random.nextDouble() * total);
                int chosen = 0;
                for (long acc = left.get(0)[0]; acc <= pick && chosen < left.size() - 1; acc += left.get(++chosen)[0]) {
                    // walk to the source whose share holds the pick
                }
                long[] l = left.get(chosen);
                l[0] = Math.max(1, l[0] - 1); // a source that outlives its estimate keeps a small weight
                return its.get(chosen).next();
            }
        };
    }
}
