package dev.prequel.runtime.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalPathsTest {

    private final Path dir = Path.of("work", "job-1").toAbsolutePath();

    @Test
    void keysBelowTheDirectoryResolveInsideIt() {
        assertEquals(dir.resolve("shards/train-0.shard"), LocalPaths.under(dir, "shards/train-0.shard"));
        assertEquals(dir.resolve("b"), LocalPaths.under(dir, "a/../b"), "normalised, and still inside");
    }

    @Test
    void keysThatLeaveTheDirectoryAreRefused() {
        for (String key : new String[] {"../x", "a/../../x", "/etc/passwd", "\\x", "", "..", ".", "a/\0b",
                "../job-10/x"}) {
            LocalPaths.UnsafeKeyException e = assertThrows(LocalPaths.UnsafeKeyException.class,
                    () -> LocalPaths.under(dir, key), "'" + key + "'");
            assertTrue(e.getMessage().contains("does not stay inside"), e.getMessage());
        }
        assertThrows(LocalPaths.UnsafeKeyException.class, () -> LocalPaths.under(dir, null));
    }
}
