package dev.prequel.serving.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** When a worker splits a request and how the parts' answers become the caller's; no model involved. */
class IdleSharingTest {

    private static ScoringJob job(int images, String version) {
        return ScoringJob.of("line", version, IntStream.range(0, images).mapToObj(i -> new byte[] {(byte) i}).toList());
    }

    /** What a worker would answer: one row per image, holding the image's only pixel. */
    private static void score(ScoringJob part, String version) {
        float[][] rows = part.images().stream().map(i -> new float[] {i[0]}).toArray(float[][]::new);
        part.answer().complete(new Scores(version, List.of("a"), rows));
    }

    @Test
    void withOneOtherWorkerIdleARequestIsCutInTwoAndAnsweredInOrder() throws Exception {
        BlockingQueue<ScoringJob> queue = new ArrayBlockingQueue<>(4);
        IdleSharing sharing = new IdleSharing(queue, 2, 16);
        sharing.busy(); // the worker that took the job
        ScoringJob job = job(32, null);

        List<ScoringJob> mine = sharing.share(job, "v7");

        assertEquals(1, mine.size());
        assertEquals(16, mine.get(0).size());
        assertEquals(1, queue.size(), "the other half waits for the idle worker");
        ScoringJob other = queue.poll();
        assertEquals("v7", other.version(), "pinned to the version the first worker resolved");
        assertEquals(job.enqueuedNanos(), other.enqueuedNanos());
        score(other, "v7");
        assertFalse(job.answer().isDone(), "answered only when every part is");
        score(mine.get(0), "v7");
        Scores scores = job.answer().get(5, TimeUnit.SECONDS);
        assertEquals("v7", scores.version());
        for (int i = 0; i < 32; i++) {
            assertArrayEquals(new float[] {i}, scores.probabilities()[i]);
        }
    }

    @Test
    void smallRequestsBusyWorkersAndAWaitingQueueKeepTheRequestWhole() {
        BlockingQueue<ScoringJob> queue = new ArrayBlockingQueue<>(4);
        IdleSharing sharing = new IdleSharing(queue, 2, 16);
        sharing.busy();
        ScoringJob small = job(15, null);
        assertSame(small, sharing.share(small, "v1").get(0));

        sharing.busy(); // both workers busy
        ScoringJob large = job(32, null);
        assertEquals(List.of(large), sharing.share(large, "v1"));

        sharing.idle();
        queue.offer(job(1, null)); // work is waiting: the idle worker has something to do
        assertEquals(List.of(large), sharing.share(large, "v1"));
        assertEquals(1, queue.size());
    }

    @Test
    void threeIdleWorkersShareARequestFourWaysAndAFullQueueLeavesTheWorkHere() {
        BlockingQueue<ScoringJob> queue = new ArrayBlockingQueue<>(2);
        IdleSharing sharing = new IdleSharing(queue, 4, 16);
        sharing.busy();
        List<ScoringJob> mine = sharing.share(job(64, null), "v1");
        assertEquals(2, queue.size(), "two parts queued, the queue holds no more");
        assertEquals(2, mine.size(), "the part the queue refused is scored by this worker");
        assertTrue(mine.stream().allMatch(p -> p.size() == 16));
    }

    @Test
    void aPinnedVersionRetiredMeanwhileIsARetryForACallerWhoNamedNone() {
        BlockingQueue<ScoringJob> queue = new ArrayBlockingQueue<>(4);
        IdleSharing sharing = new IdleSharing(queue, 2, 16);
        ScoringJob unnamed = job(16, null);
        List<ScoringJob> mine = sharing.share(unnamed, "v1");
        queue.poll().answer().completeExceptionally(new VersionNotServedException("line", "v1"));
        score(mine.get(0), "v1");
        ExecutionException e = assertThrows(ExecutionException.class, 
                () -> unnamed.answer().get(5, TimeUnit.SECONDS));
        assertInstanceOf(QueueFullException.class, e.getCause());

        ScoringJob named = job(16, "v1");
        mine = sharing.share(named, "v1");
        queue.poll().answer().completeExceptionally(new VersionNotServedException("line", "v1"));
        score(mine.get(0), "v1");
        e = assertThrows(ExecutionException.class, () -> named.answer().get(5, TimeUnit.SECONDS));
        assertInstanceOf(VersionNotServedException.class, e.getCause(), "the version the caller asked for is gone");
    }
}
