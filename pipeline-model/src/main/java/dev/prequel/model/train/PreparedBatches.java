package dev.prequel.model.train;

import dev.prequel.model.image.ImageShape;
import dev.prequel.model.predict.Normalisation;
import dev.prequel.model.shard.Example;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Batches decoded, augmented and normalised on a background thread, at most {@code depth} ahead of the training
 * thread, so a GPU does not wait for the CPU work of the next batch ({@code depth} 0: on the calling thread, when the
 * engine computes on the same cores). One producer walks the examples in order
 * and draws from {@code random} in the same sequence as a single-threaded loop would (a batch's shuffle draws, then
 * its augmentation draws), so a seed gives the same batches. Memory holds {@code depth + 2} batches whatever the
 * dataset's size. A producer failure is rethrown on the consuming thread.
 */
final class PreparedBatches implements Iterator<PreparedBatches.Batch>, AutoCloseable {

    /** Normalised {@code (size, C, H, W)} pixels and their labels. */
    record Batch(float[] pixels, long[] labels, int size) {
    }

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private final Thread producer;
    private final Iterator<Batch> inline;
    private Object next;

    /**
     * @param augmentation applied with {@code random} (null: none, e.g. for evaluation)
     * @param skipSingles drop a last batch of one (training in batch-norm mode cannot use it)
     * @param classes labels must be below this
     */
    PreparedBatches(Iterator<Example> examples, int batchSize, ImageShape shape, Normalisation normalisation,
            Augmentation augmentation, Random random, boolean skipSingles, int classes, int depth) {
        if (depth == 0) {
            // On the calling thread: where the engine computes on the same cores, a second thread only competes.
            this.queue = null;
            this.producer = null;
            this.inline = new Iterator<>() {
                private Batch ready;

                @Override
                public boolean hasNext() {
                    if (ready == null) {
                        List<Example> batch = new ArrayList<>(batchSize);
                        while (ready == null && examples.hasNext()) {
                            batch.add(examples.next());
                            if (batch.size() == batchSize || !examples.hasNext()) {
                                if (batch.size() > 1 || !skipSingles) {
                                    ready = prepare(batch, shape, normalisation, augmentation, random, classes);
                                }
                                batch.clear();
                            }
                        }
                    }
                    return ready != null;
                }

                @Override
                public Batch next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Batch b = ready;
                    ready = null;
                    return b;
                }
            };
            return;
        }
        this.inline = null;
        this.queue = new ArrayBlockingQueue<>(depth);
        this.producer = new Thread(() -> produce(examples, batchSize, shape, normalisation, augmentation, random,
                skipSingles, classes), "prequel-batches");
        producer.setDaemon(true);
        producer.start();
    }

    private void produce(Iterator<Example> examples, int batchSize, ImageShape shape, Normalisation normalisation,
            Augmentation augmentation, Random random, boolean skipSingles, int classes) {
        try {
            try {
                List<Example> batch = new ArrayList<>(batchSize);
                while (examples.hasNext()) {
                    batch.add(examples.next());
                    if (batch.size() == batchSize || !examples.hasNext()) {
                        if (batch.size() > 1 || !skipSingles) {
                            queue.put(prepare(batch, shape, normalisation, augmentation, random, classes));
                        }
                        batch.clear();
                    }
                }
                queue.put(END);
            } catch (RuntimeException | Error e) {
                queue.put(e);
            }
        } catch (InterruptedException e) {
            // closed by the consumer: stop quietly
        }
    }

    private static Batch prepare(List<Example> examples, ImageShape shape, Normalisation normalisation,
            Augmentation augmentation, Random random, int classes) {
        int size = examples.size();
        float[] pixels = new float[size * shape.size()];
        long[] labels = new long[size];
        for (int i = 0; i < size; i++) {
            Example e = examples.get(i);
            byte[] image = augmentation == null ? e.pixels()
                    : augmentation.apply(e.pixels(), shape.channels(), shape.height(), shape.width(), random);
            normalisation.apply(image, shape, pixels, i * shape.size());
            if (e.label() >= classes) {
                throw new IllegalArgumentException("label " + e.label() + " is out of range for a " + classes
                        + "-class model");
            }
            labels[i] = e.label();
        }
        return new Batch(pixels, labels, size);
    }

    @Override
    public boolean hasNext() {
        if (inline != null) {
            return inline.hasNext();
        }
        if (next == null) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the next batch", e);
            }
        }
        if (next instanceof RuntimeException e) {
            throw e;
        }
        if (next instanceof Error e) {
            throw e;
        }
        return next != END;
    }

    @Override
    public Batch next() {
        if (inline != null) {
            return inline.next();
        }
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Batch batch = (Batch) next;
        next = null;
        return batch;
    }

    @Override
    public void close() {
        if (producer == null) {
            return;
        }
        producer.interrupt();
        try {
            producer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
