package dev.prequel.evaluator.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlessingPolicyTest {

    private static final BlessingPolicy POLICY = new BlessingPolicy(0.5, 0.95, 0.05, 50, 2000, 42);
    private static final List<String> CLASSES = List.of("a", "b");

    /** n examples alternating between the two classes, each model right with its own probability. */
    private static PairedScores scores(int n, double candidateP, double championP, long seed) {
        Random random = new Random(seed);
        int[] labels = new int[n];
        boolean[] cand = new boolean[n];
        boolean[] champ = new boolean[n];
        double[] candBits = new double[n];
        double[] champBits = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            cand[i] = random.nextDouble() < candidateP;
            champ[i] = random.nextDouble() < championP;
            candBits[i] = cand[i] ? 0.2 : 3;
            champBits[i] = champ[i] ? 0.2 : 3;
        }
        return new PairedScores(CLASSES, labels, cand, candBits, champ, champBits);
    }

    @Test
    void mcNemarMatchesKnownValues() {
        assertEquals(1.0 / 1024, McNemar.oneSided(10, 0), 1e-12);
        assertEquals(11.0 / 1024, McNemar.oneSided(9, 1), 1e-12);
        assertTrue(McNemar.oneSided(20, 20) > 0.5);
        assertEquals(1.0, McNemar.oneSided(0, 0));
        assertTrue(McNemar.oneSided(60_000, 40_000) < 1e-100, "stable for large counts");
    }

    @Test
    void aFirstModelNeedsEnoughJudgeExamplesAndTheMinimumAccuracy() {
        PairedScores good = scores(200, 0.9, 0, 1);
        PairedScores first = new PairedScores(CLASSES, good.labels(), good.candidateRight(), good.candidateBits(),
                null, null);
        assertEquals("first-model", POLICY.judge(first).reason());
        assertTrue(POLICY.judge(first).promote());
        PairedScores poor = scores(200, 0.3, 0, 1);
        assertEquals("below-minimum-accuracy", POLICY.judge(new PairedScores(CLASSES, poor.labels(),
                poor.candidateRight(), poor.candidateBits(), null, null)).reason());
        PairedScores tiny = scores(3, 1.0, 0.0, 1);
        Verdict v = POLICY.judge(tiny);
        assertFalse(v.promote());
        assertEquals("too-few-judge-examples", v.reason());
    }

    @Test
    void aNoiseCandidateAndAnExactTieAreRefused() {
        Verdict noise = POLICY.judge(scores(400, 0.5, 0.95, 2));
        assertFalse(noise.promote());
        assertTrue(noise.reason().startsWith("class-regression:") || noise.reason().equals("not-significantly-better"),
                noise.reason());
        PairedScores same = scores(400, 0.9, 0.9, 3);
        PairedScores tie = new PairedScores(CLASSES, same.labels(), same.candidateRight(), same.candidateBits(),
                same.candidateRight().clone(), same.candidateBits().clone());
        Verdict v = POLICY.judge(tie);
        assertFalse(v.promote());
        assertEquals("not-significantly-better", v.reason());
    }

    @Test
    void aClearlyBetterCandidateIsPromotedAndASlightlyBetterOneIsNot() {
        Verdict better = POLICY.judge(scores(1000, 0.95, 0.85, 4));
        assertTrue(better.promote(), better.toString());
        assertEquals("significantly-better", better.reason());
        // One more right answer in 1,000 is noise.
        PairedScores base = scores(1000, 0.9, 0.9, 5);
        boolean[] cand = base.championRight().clone();
        for (int i = 0; i < cand.length; i++) {
            if (!cand[i]) {
                cand[i] = true;
                break;
            }
        }
        Verdict slight = POLICY.judge(new PairedScores(CLASSES, base.labels(), cand, base.championBits(),
                base.championRight(), base.championBits()));
        assertFalse(slight.promote(), slight.toString());
    }

    @Test
    void equalAccuracyWithClearlyLowerBitsIsBetterLogLoss() {
        PairedScores s = scores(500, 0.9, 0.9, 6);
        boolean[] right = s.championRight();
        double[] championBits = new double[500];
        double[] candidateBits = new double[500];
        for (int i = 0; i < 500; i++) {
            championBits[i] = right[i] ? 0.6 : 4;
            candidateBits[i] = right[i] ? 0.3 : 3.5;
        }
        Verdict v = POLICY.judge(new PairedScores(CLASSES, s.labels(), right.clone(), candidateBits, right,
                championBits));
        assertTrue(v.promote(), v.toString());
        assertEquals("better-log-loss", v.reason());
        assertTrue((double) v.numbers().get("bitsGainLowerBound") > 0);
    }

    @Test
    void aClassThatLosesBeyondTheMarginAndNoiseBlocksAnOtherwiseBetterCandidate() {
        int n = 1000;
        int[] labels = new int[n];
        boolean[] cand = new boolean[n];
        boolean[] champ = new boolean[n];
        double[] bits = new double[n];
        Arrays.fill(bits, 1);
        for (int i = 0; i < n; i++) {
            labels[i] = i < 800 ? 0 : 1;
            champ[i] = i < 800 ? i % 4 != 0 : true; // class a 75 %, class b 100 %
            cand[i] = i < 800 || i % 5 != 0;        // class a 100 %, class b 80 %
        }
        Verdict v = POLICY.judge(new PairedScores(CLASSES, labels, cand, bits, champ, bits.clone()));
        assertFalse(v.promote());
        assertEquals("class-regression:b", v.reason());
    }

    @Test
    void oneOfTenClassesLosingAFewExamplesIsNoiseOnceTheTenTestsAreCorrected() {
        List<String> classes = List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9");
        int n = 600;
        int[] labels = new int[n];
        boolean[] cand = new boolean[n];
        boolean[] champ = new boolean[n];
        double[] bits = new double[n];
        Arrays.fill(bits, 1);
        for (int i = 0; i < n; i++) {
            labels[i] = i / 60;
            int j = i % 60;
            champ[i] = labels[i] != 0 || j >= 10; // the champion misses 10 zeros
            cand[i] = labels[i] != 9 || j >= 5;   // the candidate gets them, and misses 5 nines
        }
        // Within class c9: 5 of 60 lost (8 % > the 5 % margin), McNemar p = 1/32: "significant" at 5 % on its own,
        // not at 5 % / 10.
        Verdict v = POLICY.judge(new PairedScores(classes, labels, cand, bits, champ, bits.clone()));
        assertFalse(v.reason().startsWith("class-regression:"), v.toString());
        assertEquals(0.005, (double) v.numbers().get("classRegressionAlpha"), 1e-12);
    }

    @Test
    void examplesOfAClassNewToTheChampionCountAgainstItAndCannotRegress() {
        int n = 300;
        List<String> classes = List.of("a", "b", "new");
        int[] labels = new int[n];
        boolean[] cand = new boolean[n];
        boolean[] champ = new boolean[n];
        double[] candBits = new double[n];
        double[] champBits = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            cand[i] = true;
            champ[i] = labels[i] != 2;
            candBits[i] = 0.1;
            champBits[i] = labels[i] == 2 ? Double.NaN : 0.1;
        }
        Verdict v = POLICY.judge(new PairedScores(classes, labels, cand, candBits, champ, champBits));
        assertTrue(v.promote(), v.toString());
        assertEquals("significantly-better", v.reason());
        assertEquals(100, v.numbers().get("examplesOfClassesNewToChampion"));
    }

    @Test
    void theBootstrapIsDeterministicForASeed() {
        double[] d = new Random(9).doubles(2000, -1, 1.2).toArray();
        assertEquals(PairedBootstrap.lowerBound(d, 0.95, 500, 7), PairedBootstrap.lowerBound(d, 0.95, 500, 7));
        PairedBootstrap.Interval i = PairedBootstrap.lowerBound(d, 0.95, 500, 7);
        assertTrue(i.lowerBound() < i.mean());
    }
}
