package dev.prequel.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.model.MnistSample;
import dev.prequel.model.predict.Normalisation;
import dev.prequel.model.shard.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Batches prepared ahead on a thread of their own are the very batches the training thread would prepare. */
class PreparedBatchesTest {

    private final List<Example> examples = MnistSample.slice(0, 7); // 70 digits: 4 batches of 16, then 6
    private final Normalisation normalisation = Normalisation.compute(examples, MnistSample.SHAPE);

    @Test
    void aBackgroundThreadGivesTheSameShuffledAugmentedBatchesAsTheCallingThread() {
        List<PreparedBatches.Batch> inline = all(0);
        List<PreparedBatches.Batch> ahead = all(2);
        assertEquals(5, inline.size());
        assertEquals(inline.size(), ahead.size());
        for (int i = 0; i < inline.size(); i++) {
            assertArrayEquals(inline.get(i).labels(), ahead.get(i).labels(), "batch " + i);
            assertArrayEquals(inline.get(i).pixels(), ahead.get(i).pixels(), "batch " + i);
        }
        assertEquals(6, inline.get(4).size(), "the last, short batch");
    }

    @Test
    void aFailureOnTheBackgroundThreadReachesTheTrainingThread() {
        try (PreparedBatches batches = new PreparedBatches(examples.iterator(), 16, MnistSample.SHAPE,
                normalisation, Augmentation.NONE, new Random(1), true, 5, 2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
                while (batches.hasNext()) {
                    batches.next();
                }
            });
            assertTrue(e.getMessage().contains("out of range for a 5-class model"), e.getMessage());
        }
    }

    private List<PreparedBatches.Batch> all(int depth) {
        Random random = new Random(42);
        List<PreparedBatches.Batch> out = new ArrayList<>();
        try (PreparedBatches batches = new PreparedBatches(new BoundedShuffle<>(examples.iterator(), 32, random), 16,
                MnistSample.SHAPE, normalisation, Augmentation.SHIFT, random, true, 10, depth)) {
            while (batches.hasNext()) {
                out.add(batches.next());
            }
        }
        return out;
    }
}
