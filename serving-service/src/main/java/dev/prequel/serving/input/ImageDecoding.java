package dev.prequel.serving.input;

import dev.prequel.serving.budget.InputBudget;
import dev.prequel.serving.config.ServingConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decodes a request's encoded images into model pixels. A request of at least {@code split-from} images is cut into
 * parts that idle helper threads decode beside the request's own thread, as {@code IdleSharing} does for the
 * forward pass: decoding 32 PNGs on one thread took as long as half of their forward pass. A part no helper is free
 * for is decoded by the request's thread, so under load nothing waits for a helper and nothing queues.
 */
@ApplicationScoped
public class ImageDecoding {

    private final int splitFrom;
    private final int threads;
    private final ThreadPoolExecutor helpers;
    private final AtomicLong helped = new AtomicLong();

    @Inject
    public ImageDecoding(ServingConfig config) {
        this(config.batch().splitFrom(), Runtime.getRuntime().availableProcessors());
    }

    ImageDecoding(int splitFrom, int threads) {
        this.splitFrom = Math.max(2, splitFrom);
        this.threads = Math.max(1, threads);
        AtomicInteger n = new AtomicInteger();
        // No queue: a part is taken by an idle helper at once or refused (and decoded by the caller).
        this.helpers = new ThreadPoolExecutor(0, Math.max(1, this.threads - 1), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "image-decode-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * The pixels of each image, in order.
     *
     * @throws dev.prequel.model.image.ImageRejectedException for the first image (in order) that is refused
     */
    public List<byte[]> decode(List<byte[]> encoded, InputBudget budget) {
        int parts = Math.min(threads, encoded.size() / (splitFrom / 2));
        if (encoded.size() < splitFrom || parts < 2) {
            return decodeHere(encoded, budget);
        }
        List<CompletableFuture<List<byte[]>>> futures = new ArrayList<>();
        List<List<byte[]>> slices = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            slices.add(encoded.subList(encoded.size() * p / parts, encoded.size() * (p + 1) / parts));
        }
        for (List<byte[]> slice : slices.subList(1, parts)) {
            try {
                futures.add(CompletableFuture.supplyAsync(() -> {
                    helped.incrementAndGet();
                    return decodeHere(slice, budget);
                }, helpers));
            } catch (RejectedExecutionException busy) {
                futures.add(null);
            }
        }
        List<byte[]> pixels = new ArrayList<>(encoded.size());
        RuntimeException first = null;
        for (int p = 0; p < parts; p++) {
            try {
                CompletableFuture<List<byte[]>> f = p == 0 ? null : futures.get(p - 1);
                pixels.addAll(f == null ? decodeHere(slices.get(p), budget) : f.join());
            } catch (CompletionException e) {
                first = first != null ? first : unwrap(e);
            } catch (RuntimeException e) {
                first = first != null ? first : e;
            }
        }
        if (first != null) {
            throw first; // after every part is done: no helper still holds the request's bytes
        }
        return pixels;
    }

    /** Parts decoded by a helper so far. */
    long helped() {
        return helped.get();
    }

    /** Decodes every image on the caller's thread. */
    public static List<byte[]> decodeHere(List<byte[]> encoded, InputBudget budget) {
        List<byte[]> pixels = new ArrayList<>(encoded.size());
        for (byte[] e : encoded) {
            pixels.add(ModelInputs.fromEncoded(e, budget));
        }
        return pixels;
    }

    private static RuntimeException unwrap(CompletionException e) {
        return e.getCause() instanceof RuntimeException r ? r : e;
    }

    @PreDestroy
    void stop() {
        helpers.shutdownNow();
    }
}
