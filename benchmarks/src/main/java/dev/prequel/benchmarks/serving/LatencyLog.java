package dev.prequel.benchmarks.serving;

import java.util.Arrays;

/** Request latencies of one thread, without boxing. */
final class LatencyLog {
    private long[] nanos = new long[1024];
    private int size;

    void add(long value) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = value;
    }

    long[] values() {
        return Arrays.copyOf(nanos, size);
    }

    static long[] concat(java.util.List<LatencyLog> logs) {
        return logs.stream().flatMapToLong(l -> Arrays.stream(l.values())).toArray();
    }
}
