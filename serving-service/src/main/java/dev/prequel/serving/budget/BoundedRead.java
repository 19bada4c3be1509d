package dev.prequel.serving.budget;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** Reads a stream whole only while it stays under a limit, so an oversized body or object is never buffered. */
public final class BoundedRead {
    private BoundedRead() {
    }

    /** @throws BudgetExceededException as soon as more than {@code limit} bytes arrive */
    public static byte[] readAtMost(InputStream in, long limit, String what) {
        try {
            // Small to start (most bodies are a few kB); it doubles as the body arrives.
            byte[] buffer = new byte[(int) Math.min(limit + 1, 8 * 1024)];
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    if (length > limit) {
                        throw new BudgetExceededException(what + " exceeds the limit of " + limit + " bytes");
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min(limit + 1, (long) buffer.length * 2));
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
            }
            if (length > limit) {
                throw new BudgetExceededException(what + " exceeds the limit of " + limit + " bytes");
            }
            return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + what, e);
        }
    }
}
