package dev.prequel.evaluator.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PromotionPolicyTest {

    private final PromotionPolicy policy = new PromotionPolicy(0.5, 0.01);

    @Test
    void aFirstModelNeedsTheMinimumAccuracy() {
        assertEquals(new PromotionPolicy.Verdict(true, "first-model"), policy.judge(0.5, null));
        assertEquals(new PromotionPolicy.Verdict(false, "below-minimum-accuracy"), policy.judge(0.49, null));
    }

    @Test
    void aLaterModelMustBeatTheChampionByMoreThanTheMargin() {
        assertTrue(policy.judge(0.92, 0.90).promote());
        assertEquals("better-than-champion", policy.judge(0.92, 0.90).reason());
        assertFalse(policy.judge(0.905, 0.90).promote());
        assertFalse(policy.judge(0.90, 0.90).promote(), "equal is not better");
        assertEquals("not-better-than-champion", policy.judge(0.80, 0.90).reason());
    }

    @Test
    void withoutAMarginATieIsStillNotBetter() {
        PromotionPolicy strict = new PromotionPolicy(0.5, 0.0);
        assertFalse(strict.judge(0.90, 0.90).promote(), "equal is not better");
        assertTrue(strict.judge(0.9001, 0.90).promote());
    }
}
