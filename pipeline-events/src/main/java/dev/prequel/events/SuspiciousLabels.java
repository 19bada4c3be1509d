package dev.prequel.events;

import java.time.Instant;
import java.util.List;

/**
 * {@code datasets/<model>/<datasetId>/suspicious.json}: the examples of a drop to which the line's champion gave the
 * lowest probability of their own label when it encoded the drop, lowest first: candidates for relabelling. Written
 * by preprocess, shown by the evaluator's report of every version trained on the dataset.
 *
 * @param championVersion the champion that encoded the drop
 * @param examplesScored how many examples it encoded (the whole drop unless capped)
 * @param entries at most {@code prequel.preprocess.suspicious-labels} examples, by {@code probability} ascending
 */
public record SuspiciousLabels(String model, String datasetId, String championVersion, int examplesScored,
        List<Entry> entries, Instant createdAt) {

    public SuspiciousLabels {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    /**
     * One suspicious example.
     *
     * @param id the example's content id (hex of the first 128 bits of the SHA-256 of its converted pixels, the
     *     line index's identity of an example)
     * @param split the split it was prepared into ({@code train}, {@code val}, {@code test})
     * @param index its position in that split's shards, from 0
     * @param source the file it came from, when known (null: shards do not keep file names)
     * @param label its label as dropped
     * @param probability the champion's probability of that label
     * @param guess the champion's most likely class
     * @param guessProbability its probability
     * @param thumbnailPng the example's pixels as a PNG, base64
     */
    public record Entry(String id, String split, int index, String source, String label, double probability,
            String guess, double guessProbability, String thumbnailPng) {
    }
}
