package dev.prequel.evaluator.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.prequel.model.metrics.ExampleScores;
import dev.prequel.model.shard.Example;
import java.util.List;
import org.junit.jupiter.api.Test;

class JudgeFiguresTest {

    private static Example of(int label) {
        return new Example(label, new byte[1]);
    }

    @Test
    void guessesAreCountedUnderTheJudgeSetsClassesWhateverEachModelsOrder() {
        List<String> judge = List.of("a", "b", "c");
        List<Example> examples = List.of(of(0), of(0), of(1), of(2), of(2));
        // The candidate has the judge set's order; the champion lists its classes as [c, a] and lacks b.
        ExampleScores candidate = ExampleScores.of(new boolean[] {true, false, true, true, false},
                new double[5], new int[] {0, 1, 1, 2, 0}, new float[] {0.92f, 0.62f, 0.81f, 0.97f, 0.55f});
        ExampleScores champion = ExampleScores.of(new boolean[] {true, true, false, true, true},
                new double[5], new int[] {1, 1, 0, 0, 0}, new float[] {0.7f, 0.7f, 0.5f, 0.9f, 0.9f});
        JudgeFigures f = JudgeFigures.of(judge, examples, candidate, judge, champion, List.of("c", "a"));

        assertArrayEquals(new int[][] {{1, 1, 0}, {0, 1, 0}, {1, 0, 1}}, f.candidateConfusion());
        assertArrayEquals(new int[][] {{2, 0, 0}, {0, 0, 1}, {0, 0, 2}}, f.championConfusion(),
                "the champion's guess 1 is class a, its guess 0 class c");
        Double[] perClass = JudgeFigures.classAccuracy(f.candidateConfusion());
        assertEquals(0.5, perClass[0]);
        assertEquals(1.0, perClass[1]);
        assertEquals(0.5, perClass[2]);
        assertEquals(0.0, JudgeFigures.classAccuracy(f.championConfusion())[1], "b: always wrong, not missing");
        assertNull(JudgeFigures.classAccuracy(new int[][] {{0, 0}, {1, 1}})[0], "no examples: no accuracy");
        assertEquals(5, f.candidateCalibration().examples());
        assertEquals(JudgeFigures.BINS, f.candidateCalibration().bins().size());
        // The candidate's confidences by bin: 0.55 (wrong) | 0.62 (wrong) | 0.81 (right) | 0.92, 0.97 (both right).
        assertEquals(0.55, f.candidateCalibration().bins().get(5).meanConfidence(), 1e-6);
        assertEquals(0.0, f.candidateCalibration().bins().get(5).accuracy());
        assertEquals(1, f.candidateCalibration().bins().get(6).count());
        assertEquals(2, f.candidateCalibration().bins().get(9).count());
        assertEquals(0.945, f.candidateCalibration().bins().get(9).meanConfidence(), 1e-6);
        // (0.55 + 0.62 + 0.19 + 2 × 0.055) / 5
        assertEquals(0.294, f.candidateCalibration().expectedCalibrationError(), 1e-6);
    }

    @Test
    void withoutAChampionOnlyTheCandidateIsFigured() {
        ExampleScores candidate = ExampleScores.of(new boolean[] {true}, new double[1], new int[] {0},
                new float[] {1f});
        JudgeFigures f = JudgeFigures.of(List.of("a", "b"), List.of(of(0)), candidate, List.of("a", "b"), null, null);
        assertNull(f.championConfusion());
        assertNull(f.championCalibration());
        assertEquals(1, f.candidateConfusion()[0][0]);
    }
}
