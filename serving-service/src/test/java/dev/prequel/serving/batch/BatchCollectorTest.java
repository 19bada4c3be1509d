package dev.prequel.serving.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;

class BatchCollectorTest {

    private static ScoringJob job(int images) {
        List<byte[]> pixels = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            pixels.add(new byte[1]);
        }
        return ScoringJob.of("m", null, pixels);
    }

    @Test
    void takesWaitingJobsUpToTheBatchSizeAndKeepsTheOneThatDoesNotFitForTheNextBatch() throws Exception {
        BlockingQueue<ScoringJob> queue = new ArrayBlockingQueue<>(10);
        ScoringJob a = job(3);
        ScoringJob b = job(4);
        ScoringJob c = job(2);
        ScoringJob d = job(1);
        queue.addAll(List.of(a, b, c, d));
        BatchCollector collector = new BatchCollector(queue, 8, Duration.ofSeconds(5));

        assertEquals(List.of(a, b), collector.next(Duration.ofSeconds(1)), "3 + 4 fit in 8, 3 + 4 + 2 does not");
        assertEquals(List.of(c, d), collector.next(Duration.ofSeconds(1)), "the held-back job leads the next batch");
        assertTrue(queue.isEmpty());
    }

    @Test
    void aFullBatchDoesNotWaitAndAMultiImageJobStaysWhole() throws Exception {
        BlockingQueue<ScoringJob> queue = new ArrayBlockingQueue<>(10);
        ScoringJob whole = job(8);
        queue.add(whole);
        queue.add(job(1));
        // A delay of an hour would hang the test if a full batch waited for company.
        List<ScoringJob> batch = new BatchCollector(queue, 8, Duration.ofHours(1)).next(Duration.ofSeconds(1));
        assertEquals(1, batch.size());
        assertSame(whole, batch.get(0));
        assertEquals(8, batch.get(0).size());

        queue.clear();
        ScoringJob large = job(20);
        queue.add(large);
        assertEquals(List.of(large), new BatchCollector(queue, 8, Duration.ofHours(1)).next(Duration.ofSeconds(1)),
                "a request larger than a batch runs alone and whole");
    }

    @Test
    void waitsForCompanyOnlyUntilTheDelayAfterTheOldestJobAndIsEmptyWhenIdle() throws Exception {
        BlockingQueue<ScoringJob> queue = new ArrayBlockingQueue<>(10);
        BatchCollector collector = new BatchCollector(queue, 8, Duration.ofMillis(50));
        assertEquals(List.of(), collector.next(Duration.ofMillis(10)));

        ScoringJob alone = job(1);
        queue.add(alone);
        assertEquals(List.of(alone), collector.next(Duration.ofSeconds(1)), "a partial batch once the delay is over");

        ScoringJob first = job(1);
        queue.add(first);
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(10);
                queue.add(job(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        late.start();
        // 1 + 2 images fill a batch of 3, so the long delay ends as soon as the late job joins.
        List<ScoringJob> joined = new BatchCollector(queue, 3, Duration.ofSeconds(30)).next(Duration.ofSeconds(1));
        late.join();
        assertSame(first, joined.get(0));
        assertEquals(2, joined.size(), "a job arriving within the delay joins the batch");
    }
}
