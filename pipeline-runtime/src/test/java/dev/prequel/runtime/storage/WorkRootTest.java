package dev.prequel.runtime.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkRootTest {

    @TempDir
    Path tmp;

    @Test
    void theRootsOfDeadProcessesAreDeletedAndLiveOnesKept() throws Exception {
        // A process that has surely exited: start one and wait for it.
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        long dead = done.pid();
        long live = ProcessHandle.current().pid();
        long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElseThrow();
        Path deadRoot = Files.createDirectories(WorkRoot.of(tmp, "trainer-service", dead).resolve("prequel-train-1"));
        Files.writeString(deadRoot.resolve("shard-0"), "left by a SIGKILL");
        Path liveRoot = Files.createDirectories(WorkRoot.of(tmp, "trainer-service", live));
        Path otherLive = Files.createDirectories(WorkRoot.of(tmp, "trainer-service", parent));
        Path otherService = Files.createDirectories(WorkRoot.of(tmp, "evaluator-service", dead));

        List<Path> deleted = WorkRoot.reclaim(tmp, "trainer-service");

        assertEquals(List.of(WorkRoot.of(tmp, "trainer-service", dead)), deleted);
        assertFalse(Files.exists(deadRoot.getParent()), "a dead process's root is gone, with its files");
        assertTrue(Files.isDirectory(liveRoot), "this process's own root is kept");
        assertTrue(Files.isDirectory(otherLive), "another live process's root is kept");
        assertTrue(Files.isDirectory(otherService), "another service's roots are its own business");
    }

    @Test
    void nothingToReclaimIsNoError() {
        assertTrue(WorkRoot.reclaim(tmp, "ingest-service").isEmpty());
    }
}
