package dev.prequel.model.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Shuffles a stream with a fixed-size buffer: each incoming element replaces a randomly chosen
 * buffered one, which is emitted. Memory stays at {@code capacity} elements whatever the stream's
 * length; the order is fully random when the stream fits in the buffer.
 */
final class BoundedShuffle<T> implements Iterator<T> {

    private final Iterator<T> source;
    private final List<T> buffer;
    private final int capacity;
    private final Random random;

    BoundedShuffle(Iterator<T> source, int capacity, Random random) {
        this.source = source;
        this.capacity = capacity;
        this.random = random;
        this.buffer = new ArrayList<>(Math.min(capacity, 1 << 16));
    }

    @Override
    public boolean hasNext() {
        while (buffer.size() < capacity && source.hasNext()) {
            buffer.add(source.next());
        }
        return !buffer.isEmpty();
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int index = random.nextInt(buffer.size());
        T chosen = buffer.get(index);
        // Fill the gap with the last element (or the next incoming one on the following call).
        T last = buffer.remove(buffer.size() - 1);
        if (index < buffer.size()) {
            buffer.set(index, last);
        }
        return chosen;
    }
}
