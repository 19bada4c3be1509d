package dev.prequel.evaluator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ReliabilityBinsTest {

    /**
     * Six examples in four bins of width 0.25, by hand:
     * bin 0 [0, .25): 0.10 wrong → conf 0.10, acc 0;
     * bin 1 [.25, .5): none;
     * bin 2 [.5, .75): 0.60 right, 0.70 wrong → conf 0.65, acc 0.5;
     * bin 3 [.75, 1]: 0.80 right, 0.90 right, 1.00 wrong → conf 0.9, acc 2/3.
     * ECE = 1/6·|0 − .1| + 2/6·|.5 − .65| + 3/6·|2/3 − .9| = 0.016667 + 0.05 + 0.116667 = 0.183333.
     */
    @Test
    void binsAndTheExpectedCalibrationErrorMatchAHandComputedCase() {
        ReliabilityBins r = ReliabilityBins.of(new double[] {0.10, 0.60, 0.70, 0.80, 0.90, 1.00},
                new boolean[] {false, true, false, true, true, false}, 4);
        assertEquals(6, r.examples());
        assertEquals(4, r.bins().size());
        assertEquals(1, r.bins().get(0).count());
        assertEquals(0.10, r.bins().get(0).meanConfidence(), 1e-12);
        assertEquals(0.0, r.bins().get(0).accuracy(), 1e-12);
        assertEquals(0, r.bins().get(1).count());
        assertEquals(2, r.bins().get(2).count());
        assertEquals(0.65, r.bins().get(2).meanConfidence(), 1e-12);
        assertEquals(0.5, r.bins().get(2).accuracy(), 1e-12);
        assertEquals(3, r.bins().get(3).count(), "a confidence of exactly 1 falls in the last bin");
        assertEquals(0.9, r.bins().get(3).meanConfidence(), 1e-12);
        assertEquals(2.0 / 3, r.bins().get(3).accuracy(), 1e-12);
        assertEquals(0.5, r.bins().get(2).lower(), 1e-12);
        assertEquals(0.75, r.bins().get(2).upper(), 1e-12);
        assertEquals(0.1 / 6 + 2.0 / 6 * 0.15 + 3.0 / 6 * (0.9 - 2.0 / 3), r.expectedCalibrationError(), 1e-12);
        assertEquals(0.183333, r.expectedCalibrationError(), 1e-6);
    }

    @Test
    void aPerfectlyCalibratedAndAnEmptySetHaveNoError() {
        // Confidence 0.5 in one bin, half right: calibrated.
        assertEquals(0, ReliabilityBins.of(new double[] {0.5, 0.5}, new boolean[] {true, false}, 10)
                .expectedCalibrationError(), 1e-12);
        assertEquals(0, ReliabilityBins.of(new double[0], new boolean[0], 10).expectedCalibrationError());
        assertThrows(IllegalArgumentException.class, () -> ReliabilityBins.of(new double[1], new boolean[2], 10));
    }
}
