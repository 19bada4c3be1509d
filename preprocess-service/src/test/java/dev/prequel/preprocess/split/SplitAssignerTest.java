package dev.prequel.preprocess.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.events.Ids;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitAssignerTest {

    @Test
    void theSplitDependsOnlyOnTheContentAndFollowsTheShares() {
        SplitAssigner assigner = new SplitAssigner(10, 20);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            byte[] hash = Ids.sha256().digest(("image-" + i).getBytes(StandardCharsets.UTF_8));
            String split = assigner.splitOf(hash);
            assertEquals(split, new SplitAssigner(10, 20).splitOf(hash.clone()));
            counts.merge(split, 1, Integer::sum);
        }
        assertTrue(Math.abs(counts.get("test") - 4000) < 300, counts.toString());
        assertTrue(Math.abs(counts.get("val") - 2000) < 250, counts.toString());
        assertTrue(Math.abs(counts.get("train") - 14000) < 400, counts.toString());
    }

    @Test
    void sharesMustLeaveRoomToTrain() {
        assertThrows(IllegalArgumentException.class, () -> new SplitAssigner(50, 50));
        assertThrows(IllegalArgumentException.class, () -> new SplitAssigner(-1, 10));
    }
}
