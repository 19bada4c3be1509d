package dev.prequel.preprocess.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.preprocess.drop.DropRejectedException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassPolicyTest {

    private static final List<String> CHAMPION = List.of("zero", "one", "two");

    @Test
    void aNewLineTakesTheDropsClasses() {
        assertEquals(List.of("b", "a"), ClassPolicy.resolve(null, List.of("b", "a"), false));
    }

    @Test
    void aLineWithAChampionKeepsItsOrderForAnySubset() {
        assertEquals(CHAMPION, ClassPolicy.resolve(CHAMPION, List.of("two", "zero"), false));
    }

    @Test
    void unknownLabelsAreRefusedByDefault() {
        DropRejectedException e = assertThrows(DropRejectedException.class,
                () -> ClassPolicy.resolve(CHAMPION, List.of("one", "three"), false));
        assertEquals("unknown-label", e.reason());
        assertTrue(e.getMessage().contains("[three]"), e.getMessage());
    }

    @Test
    void whenAcceptedNewLabelsAreAppendedAfterTheChampions() {
        assertEquals(List.of("zero", "one", "two", "four", "three"),
                ClassPolicy.resolve(CHAMPION, List.of("four", "one", "three"), true));
    }
}
