package dev.prequel.benchmarks.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds a process has used (user + system, from /proc/&lt;pid&gt;/stat), so each cell can say how many cores
 * serving and the driver (load generator, embedded broker and S3) took: on a small machine they share the cores.
 */
final class ProcessCpu {

    /** USER_HZ: the unit of /proc's CPU times on Linux. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    /** CPU seconds of {@code pid}, or NaN where /proc cannot tell (not Linux, exited). */
    static double seconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND; // utime, stime
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Cores used over a wall-clock interval. */
    record Sample(long pid, double cpuSeconds, long wallNanos) {
        static Sample of(long pid) {
            return new Sample(pid, seconds(pid), System.nanoTime());
        }

        double coresSince(Sample start) {
            return (cpuSeconds - start.cpuSeconds) / ((wallNanos - start.wallNanos) / 1e9);
        }
    }
}
