package dev.prequel.benchmarks.serving;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop HTTP load: {@code concurrency} clients, each sending its next request as soon as the last is answered,
 * for a fixed time. A 429 or 503 (serving's queue full) counts as rejected and the client waits 5 ms before its next
 * request; any other non-200 stops the run.
 */
final class HttpLoad {

    private static final long BACK_OFF_MILLIS = 5;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI infer;

    HttpLoad(String baseUrl, String model) {
        this.infer = URI.create(baseUrl + "/v2/models/" + model + "/infer");
    }

    Measurement run(List<InferBodies> bodies, int concurrency, double seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicLong images = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        List<LatencyLog> logs = new ArrayList<>();
        List<Future<?>> clients = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        for (int c = 0; c < concurrency; c++) {
            LatencyLog log = new LatencyLog();
            logs.add(log);
            int first = c;
            clients.add(pool.submit(() -> {
                int next = first;
                while (System.nanoTime() < end) {
                    InferBodies body = bodies.get(next++ % bodies.size());
                    long t = System.nanoTime();
                    HttpResponse<byte[]> r = client.send(request(body), HttpResponse.BodyHandlers.ofByteArray());
                    long took = System.nanoTime() - t;
                    if (r.statusCode() == 200) {
                        images.addAndGet(body.images());
                        log.add(took);
                    } else if (r.statusCode() == 429 || r.statusCode() == 503) {
                        rejected.incrementAndGet();
                        Thread.sleep(BACK_OFF_MILLIS); // as a client that honours the refusal would, briefly
                    } else {
                        throw new IllegalStateException("infer answered " + r.statusCode() + ": "
                                + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : clients) {
            f.get();
        }
        double took = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return Measurement.of(images.get(), took, LatencyLog.concat(logs), rejected.get());
    }

    private HttpRequest request(InferBodies body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(infer).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.body()));
        if (body.isBinary()) {
            b.header("content-type", "application/octet-stream")
                    .header("Inference-Header-Content-Length", Integer.toString(body.headerLength()));
        } else {
            b.header("content-type", "application/json");
        }
        return b.build();
    }
}
