package dev.prequel.preprocess.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DivergencesTest {

    private static final Map<String, Integer> UNIFORM = Map.of("a", 10, "b", 10, "c", 10, "d", 10);

    @Test
    void jensenShannonIsZeroForTheSameMixAndOneForDisjointOnes() {
        assertEquals(0, Divergences.jensenShannon(UNIFORM, Map.of("a", 3, "b", 3, "c", 3, "d", 3)), 1e-12);
        assertEquals(1, Divergences.jensenShannon(Map.of("a", 5), Map.of("b", 7)), 1e-12);
    }

    @Test
    void jensenShannonIsSymmetricAndMatchesAHandComputedValue() {
        Map<String, Integer> p = Map.of("a", 1, "b", 1);
        Map<String, Integer> q = Map.of("a", 3, "b", 1);
        // M = (0.625, 0.375): 0.5*KL(P||M) + 0.5*KL(Q||M) in bits
        double expected = 0.5 * (0.5 * log2(0.5 / 0.625) + 0.5 * log2(0.5 / 0.375))
                + 0.5 * (0.75 * log2(0.75 / 0.625) + 0.25 * log2(0.25 / 0.375));
        assertEquals(expected, Divergences.jensenShannon(p, q), 1e-12);
        assertEquals(Divergences.jensenShannon(q, p), Divergences.jensenShannon(p, q), 1e-15);
    }

    @Test
    void halfTheClassesMissingIsAClearShift() {
        double js = Divergences.jensenShannon(UNIFORM, Map.of("a", 10, "b", 10));
        assertTrue(js > 0.25 && js < 0.4, "JS " + js);
    }

    @Test
    void psiFollowsItsDefinitionAndToleratesMissingClasses() {
        Map<String, Integer> actual = Map.of("a", 20, "b", 10, "c", 5, "d", 5);
        double expected = (0.5 - 0.25) * Math.log(0.5 / 0.25) + 2 * (0.125 - 0.25) * Math.log(0.125 / 0.25);
        assertEquals(expected, Divergences.populationStability(UNIFORM, actual), 1e-12);
        assertEquals(0, Divergences.populationStability(UNIFORM, UNIFORM), 1e-12);
        assertTrue(Double.isFinite(Divergences.populationStability(UNIFORM, Map.of("a", 1))));
    }

    @Test
    void anEmptyDistributionIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Divergences.jensenShannon(Map.of(), UNIFORM));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
