package dev.prequel.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs, started from a jar laid out like a packaged Quarkus service. */
class ServiceProcessTest {
    @TempDir
    static Path work;
    static Path moduleDir;

    @BeforeAll
    static void packageFakeService() throws IOException {
        moduleDir = work.resolve("fake-service");
        Path jar = ServiceSpec.of("fake", moduleDir, 0).runJar();
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeQuarkusService.class.getName());
        String entry = FakeQuarkusService.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest);
             InputStream classFile = FakeQuarkusService.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            classFile.transferTo(out);
            out.closeEntry();
        }
    }

    @Test
    void startsAwaitsReadinessReportsMemoryAndStopsGracefully() throws Exception {
        ServiceSpec spec = ServiceSpec.of("fake", moduleDir, 0)
                .withConfig("prequel.greeting", "hello")
                .withConfig("prequel.s3.secret-key", "not-on-the-command-line");
        ServiceProcess process = ServiceProcess.start(spec, work.resolve("logs/fake.log"));
        try {
            process.awaitReady(Duration.ofSeconds(60));
            assertTrue(process.pid() > 0);
            assertTrue(process.httpPort() > 0);
            long rss = process.rssKb();
            System.out.printf("fake service pid %d rss %d kB%n", process.pid(), rss);
            assertTrue(rss > 10_000, "VmRSS read from /proc: " + rss);
            String log = Files.readString(process.logFile());
            assertTrue(log.contains("greeting=hello"), log);
            assertTrue(log.contains("DJL_OFFLINE=true"), log);
            assertTrue(log.contains("secret on command line=false"), log);
            assertTrue(log.contains("secret in environment=true"), log);
            String commandLine = ProcessHandle.of(process.pid()).flatMap(h -> h.info().arguments())
                    .map(List::of).orElse(List.of()).toString();
            assertFalse(commandLine.contains("not-on-the-command-line"), commandLine);
        } finally {
            process.stop();
        }
        assertFalse(process.isAlive());
        assertEquals(-1, process.rssKb());
        assertTrue(process.logTail(5).contains("graceful shutdown"), "SIGTERM first: " + process.logTail(5));
        assertTrue(FreePorts.isFree(process.httpPort()));
    }

    @Test
    void failsFastWithTheLogTailWhenTheServiceDies() {
        ServiceSpec spec = ServiceSpec.of("doomed", moduleDir, 0)
                .withJvmOptions(List.of("-Dfake.fail=true"));
        ServiceProcess process = ServiceProcess.start(spec, work.resolve("logs/doomed.log"));
        long started = System.nanoTime();
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> process.awaitReady(Duration.ofSeconds(120)));
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(failure.getMessage().contains("exited with 3"), failure.getMessage());
        assertTrue(failure.getMessage().contains("failing on purpose"), failure.getMessage());
        assertTrue(waitedMillis < 60_000, "did not wait for the timeout: " + waitedMillis + " ms");
    }

    @Test
    void refusesAModuleThatWasNotPackaged() {
        ServiceSpec spec = ServiceSpec.of("missing", work.resolve("not-packaged"), 0);
        assertThrows(IllegalStateException.class, () -> ServiceProcess.start(spec, work.resolve("logs/missing.log")));
    }

    @Test
    void aGroupStopsEveryServiceInReverseOrder() {
        ServiceProcess first;
        ServiceProcess second;
        try (ServiceGroup group = new ServiceGroup(work.resolve("group-logs"))) {
            first = group.start(ServiceSpec.of("first", moduleDir, 0));
            second = group.start(ServiceSpec.of("second", moduleDir, 0).withJvmOptions(List.of("-Xmx64m")));
            group.awaitAllReady(Duration.ofSeconds(60));
            assertEquals(List.of("first", "second"), group.processes().stream().map(ServiceProcess::name).toList());
            assertTrue(group.get("second").isPresent());
        }
        assertFalse(first.isAlive());
        assertFalse(second.isAlive());
        assertTrue(shutdownMillis(second) <= shutdownMillis(first), "the last started stops first");
    }

    private static long shutdownMillis(ServiceProcess process) {
        String tail = process.logTail(3);
        int at = tail.indexOf("graceful shutdown at ");
        assertTrue(at >= 0, process.name() + " was stopped with SIGTERM: " + tail);
        return Long.parseLong(tail.substring(at + "graceful shutdown at ".length()).lines().findFirst().orElseThrow().trim());
    }
}
