package dev.prequel.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedShuffleTest {

    @Test
    void emitsEveryElementOnceInASeededOrderHoldingAtMostTheBuffer() {
        List<Integer> source = IntStream.range(0, 1000).boxed().toList();
        int[] pulled = {0};
        Iterator<Integer> counting = new Iterator<>() {
            final Iterator<Integer> it = source.iterator();

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Integer next() {
                pulled[0]++;
                return it.next();
            }
        };
        BoundedShuffle<Integer> shuffle = new BoundedShuffle<>(counting, 50, new Random(1));
        List<Integer> out = new ArrayList<>();
        out.add(shuffle.next());
        assertEquals(50, pulled[0], "only the buffer is read ahead");
        shuffle.forEachRemaining(out::add);

        assertEquals(source, out.stream().sorted().toList());
        assertNotEquals(source, out);
        assertEquals(out, drain(new BoundedShuffle<>(source.iterator(), 50, new Random(1))));
        assertNotEquals(out, drain(new BoundedShuffle<>(source.iterator(), 50, new Random(2))));
        // Elements travel at most about a buffer's length early.
        for (int i = 0; i < out.size(); i++) {
            assertTrue(out.get(i) < i + 50, out.get(i) + " at " + i);
        }
    }

    private static List<Integer> drain(Iterator<Integer> it) {
        List<Integer> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
