package dev.prequel.preprocess.drop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SafePathsTest {

    @Test
    void normalisesHarmlessNames() {
        assertEquals("7/a.png", SafePaths.relative("./7//a.png").orElseThrow());
        assertEquals("digits/7/a.png", SafePaths.relative("digits\\7\\a.png").orElseThrow());
    }

    @Test
    void refusesNamesThatLeaveTheDrop() {
        assertTrue(SafePaths.relative("../7/a.png").isEmpty());
        assertTrue(SafePaths.relative("7/../../a.png").isEmpty());
        assertTrue(SafePaths.relative("/etc/passwd").isEmpty());
        assertTrue(SafePaths.relative("C:/x.png").isEmpty());
        assertTrue(SafePaths.relative("a\0b.png").isEmpty());
        assertTrue(SafePaths.relative("./").isEmpty());
    }
}
