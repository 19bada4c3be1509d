package dev.prequel.model.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReplayStreamsTest {

    private static List<Example> examples(int n, int classes) {
        return IntStream.range(0, n).mapToObj(i -> new Example(i % classes, new byte[] {(byte) i, (byte) (i >> 8)}))
                .toList();
    }

    private static List<Example> walk(Iterable<Example> it) {
        List<Example> out = new ArrayList<>();
        it.forEach(out::add);
        return out;
    }

    @Test
    void aSampleKeepsAboutItsShareTheSameEveryWalkAndDependsOnTheDataset() {
        List<Example> source = examples(10_000, 10);
        int[] identity = SampledExamples.labelMap(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
        SampledExamples a = new SampledExamples(source, "ds-a", 0.3, 42, identity);
        List<Example> first = walk(a);
        assertEquals(3000, first.size(), 150);
        assertEquals(first, walk(a), "the same sample on every walk");
        assertEquals(first, walk(new SampledExamples(source, "ds-a", 0.3, 42, identity)));
        assertNotEquals(first, walk(new SampledExamples(source, "ds-b", 0.3, 42, identity)));
        assertEquals(10_000, walk(new SampledExamples(source, "ds-a", 1.0, 42, identity)).size());
        assertEquals(0, walk(new SampledExamples(source, "ds-a", 0.0, 42, identity)).size());
    }

    @Test
    void examplesAreRelabelledByClassNameAndUnknownClassesLeftOut() {
        List<Example> source = examples(300, 3); // classes a, b, c
        int[] map = SampledExamples.labelMap(List.of("a", "b", "c"), List.of("c", "a"));
        List<Example> out = walk(new SampledExamples(source, "ds", 1.0, 1, map));
        assertEquals(200, out.size(), "class b is unknown to the target and left out");
        for (Example e : out) {
            int original = (e.pixels()[0] & 0xff | (e.pixels()[1] & 0xff) << 8) % 3;
            assertEquals(original == 0 ? 1 : 0, e.label());
            assertTrue(original != 1);
        }
    }

    @Test
    void interleavingMixesSourcesInProportionKeepsEveryExampleAndRepeats() {
        List<Example> big = examples(900, 1);
        List<Example> small = IntStream.range(0, 300).mapToObj(i -> new Example(1, new byte[] {(byte) i})).toList();
        InterleavedExamples mixed = new InterleavedExamples(List.of(new InterleavedExamples.Source(big, 900),
                new InterleavedExamples.Source(small, 300)), 7);
        List<Example> out = walk(mixed);
        assertEquals(1200, out.size());
        assertEquals(out, walk(mixed));
        long smallInFirstHalf = out.subList(0, 600).stream().filter(e -> e.label() == 1).count();
        assertEquals(150, smallInFirstHalf, 40, "a quarter of the first half comes from the small source");
    }
}
