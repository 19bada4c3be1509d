package dev.prequel.preprocess.codelength;

import dev.prequel.model.shard.Example;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Keeps, of a stream of scored examples, the {@code capacity} to which the model gives the lowest probability of their
 * own label: a max-heap of at most {@code capacity} entries whose head is the most likely of those kept, so memory
 * stays bounded whatever the drop's size and each offer costs O(log capacity). Ties keep the earlier example.
 */
public final class SuspiciousSelection {

    /** One kept example; {@code seq} is its position in the stream. */
    public record Candidate(long seq, String split, int index, Example example, double probability, int guess,
            double guessProbability) {
    }

    private static final Comparator<Candidate> LEAST_SUSPICIOUS_FIRST = Comparator
            .comparingDouble(Candidate::probability).thenComparingLong(Candidate::seq).reversed();

    private final int capacity;
    private final PriorityQueue<Candidate> heap;
    private long offered;

    /** @param capacity how many to keep; 0 keeps none */
    public SuspiciousSelection(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be 0 or more, was " + capacity);
        }
        this.capacity = capacity;
        this.heap = new PriorityQueue<>(Math.max(1, capacity), LEAST_SUSPICIOUS_FIRST);
    }

    /**
     * @param logProbabilities the model's log-probabilities (natural log) for the example, one per class; only read
     *     during the call
     */
    public void offer(String split, int index, Example example, float[] logProbabilities) {
        long seq = offered++;
        if (capacity == 0) {
            return;
        }
        double probability = Math.exp(logProbabilities[example.label()]);
        if (heap.size() == capacity && probability >= heap.peek().probability()) {
            return;
        }
        int guess = 0;
        for (int c = 1; c < logProbabilities.length; c++) {
            if (logProbabilities[c] > logProbabilities[guess]) {
                guess = c;
            }
        }
        heap.add(new Candidate(seq, split, index, example, probability, guess, Math.exp(logProbabilities[guess])));
        if (heap.size() > capacity) {
            heap.poll();
        }
    }

    public long offered() {
        return offered;
    }

    /** The kept examples, least likely label first. */
    public List<Candidate> lowestFirst() {
        List<Candidate> out = new ArrayList<>(heap);
        out.sort(LEAST_SUSPICIOUS_FIRST.reversed());
        return out;
    }
}
