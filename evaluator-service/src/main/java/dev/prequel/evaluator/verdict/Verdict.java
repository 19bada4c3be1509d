package dev.prequel.evaluator.verdict;

import java.util.Map;

/**
 * The blessing policy's answer: promote or not, a machine-readable reason, and the numbers behind it (JSON-friendly,
 * recorded in the ledger, {@code models.evaluated} and the report).
 */
public record Verdict(boolean promote, String reason, Map<String, Object> numbers) {

    public Verdict {
        numbers = Map.copyOf(numbers);
    }
}
