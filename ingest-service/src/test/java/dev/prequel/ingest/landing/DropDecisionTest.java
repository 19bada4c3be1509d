package dev.prequel.ingest.landing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

class DropDecisionTest {

    @Test
    void anArchiveAtTheTopOfATrainDropIsAWholeDrop() {
        assertInstanceOf(DropDecision.ArchiveDrop.class, DropDecision.of("train/mnist/d1/digits.zip"));
        assertInstanceOf(DropDecision.ArchiveDrop.class, DropDecision.of("train/mnist/d1/digits.tar.gz"));
    }

    @Test
    void looseFilesWaitForTheirMarker() {
        assertInstanceOf(DropDecision.Pending.class, DropDecision.of("train/mnist/d1/7/a.png"));
        assertInstanceOf(DropDecision.Pending.class, DropDecision.of("train/mnist/d1/sub/inner.zip"));
        assertInstanceOf(DropDecision.MarkedDrop.class, DropDecision.of("train/mnist/d1/_SUCCESS"));
    }

    @Test
    void imagesUnderScoreAreScoredAtOnce() {
        assertInstanceOf(DropDecision.ScoreImage.class, DropDecision.of("score/mnist/b1/x.PNG"));
        DropDecision.Rejected r = assertInstanceOf(DropDecision.Rejected.class, DropDecision.of("score/mnist/b1/x.txt"));
        assertEquals("unsupported-score-object", r.reason());
    }

    @Test
    void archivesUnderScoreAreRejectedWithTheirOwnReason() {
        for (String key : new String[] {"score/mnist/b1/batch.zip", "score/mnist/b1/batch.tar.gz", "score/mnist/b1/b.tgz"}) {
            DropDecision.Rejected r = assertInstanceOf(DropDecision.Rejected.class, DropDecision.of(key));
            assertEquals("unsupported-score-archive", r.reason(), key);
        }
    }

    @Test
    void keysOutsideTheLayoutAreRejectedWithAReason() {
        DropDecision.Rejected r = assertInstanceOf(DropDecision.Rejected.class, DropDecision.of("stuff/x.zip"));
        assertEquals("outside-layout", r.reason());
        assertInstanceOf(DropDecision.Rejected.class, DropDecision.of("train/../x/y.zip"));
    }
}
