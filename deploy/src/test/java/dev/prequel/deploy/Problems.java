package dev.prequel.deploy;

import java.util.ArrayList;
import java.util.List;

/** Collects every violation of a check so one run reports them all, not just the first. */
final class Problems {
    private final String subject;
    private final List<String> found = new ArrayList<>();

    Problems(String subject) {
        this.subject = subject;
    }

    void add(String problem) {
        found.add(problem);
    }

    void check(boolean condition, String problem) {
        if (!condition) {
            found.add(problem);
        }
    }

    void assertNone() {
        if (!found.isEmpty()) {
            throw new AssertionError(subject + ": " + found.size() + " problem(s)\n  " + String.join("\n  ", found));
        }
    }
}
