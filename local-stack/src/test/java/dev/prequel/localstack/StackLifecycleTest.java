package dev.prequel.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stack of its own: start, use, close; nothing may be left behind. */
class StackLifecycleTest {

    @Test
    void startsInSecondsAndLeavesNoThreadPortOrDirectoryBehind() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();

        long started = System.nanoTime();
        EmbeddedLocalStack stack = EmbeddedLocalStack.start();
        long startMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("embedded stack started in %d ms: %s%n", startMillis, stack.startupTimes());
        int kafkaPort = stack.kafkaPort();
        int s3Port = stack.s3Port();
        try {
            assertFalse(FreePorts.isFree(kafkaPort), "Kafka listens on " + kafkaPort);
            assertFalse(FreePorts.isFree(s3Port), "S3 listens on " + s3Port);
            stack.dataDirs().forEach(dir -> assertTrue(Files.isDirectory(dir), "data lives in " + dir));
            try (Admin admin = EmbeddedLocalStackTest.admin(stack)) {
                assertTrue(admin.listTopics().names().get().contains("models.promoted"));
            }
            // Generous for two busy cores; it is a few seconds on a quiet machine.
            assertTrue(startMillis < 60_000, "started in " + startMillis + " ms");
        } finally {
            stack.close();
        }
        stack.close(); // idempotent

        List<Thread> leftover = awaitNoNewNonDaemonThreads(before, Duration.ofSeconds(10));
        assertEquals(List.of(), leftover.stream().map(Thread::getName).toList(), "non-daemon threads left running");
        assertTrue(FreePorts.isFree(kafkaPort), "Kafka port " + kafkaPort + " freed");
        assertTrue(FreePorts.isFree(s3Port), "S3 port " + s3Port + " freed");
        stack.dataDirs().forEach(dir -> assertFalse(Files.exists(dir), dir + " deleted"));
    }

    @Test
    void startsOnTheFixedPortsAskedFor() {
        List<Integer> ports = FreePorts.pick(2);
        try (EmbeddedLocalStack stack = EmbeddedLocalStack.start(ports.get(0), ports.get(1))) {
            assertEquals("127.0.0.1:" + ports.get(0), stack.kafkaBootstrapServers());
            assertEquals("http://127.0.0.1:" + ports.get(1), stack.s3Endpoint());
        }
    }

    @Test
    void aFailedStartCleansUpWhatDidStart(@TempDir Path dataDir) throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        System.setProperty(Directories.DATA_DIR_PROPERTY, dataDir.toString());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // Kafka cannot bind the taken port; S3, started beside it, must be stopped again.
            RuntimeException failure = assertThrows(RuntimeException.class,
                    () -> EmbeddedLocalStack.start(taken.getLocalPort(), 0));
            assertTrue(String.valueOf(failure.getMessage()).contains("Kafka did not start"), String.valueOf(failure));
        } finally {
            System.clearProperty(Directories.DATA_DIR_PROPERTY);
        }
        List<Thread> leftover = awaitNoNewNonDaemonThreads(before, Duration.ofSeconds(10));
        assertEquals(List.of(), leftover.stream().map(Thread::getName).toList(), "non-daemon threads left running");
        try (var entries = Files.list(dataDir)) {
            assertEquals(List.of(), entries.toList(), "data directories deleted");
        }
    }

    private static List<Thread> awaitNoNewNonDaemonThreads(Set<Thread> before, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Thread> leftover = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive() && !t.isDaemon())
                    .toList();
            if (leftover.isEmpty() || System.nanoTime() > deadline) {
                return leftover;
            }
            Thread.sleep(100);
        }
    }
}
