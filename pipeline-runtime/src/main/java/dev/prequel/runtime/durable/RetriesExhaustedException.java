package dev.prequel.runtime.durable;

import java.time.Duration;

/**
 * A step that kept failing transiently until its retry deadline: dead-lettered by the consumer (its message is the
 * {@code dead-letter-reason} header), never reported as bad input.
 */
public class RetriesExhaustedException extends RuntimeException {

    public RetriesExhaustedException(String what, Duration deadline, Throwable last) {
        super(what + " still failing after retrying for " + deadline + ": " + rootMessage(last), last);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }
}
