package dev.prequel.evaluator.report;

import dev.prequel.evaluator.line.CodeLength;
import dev.prequel.evaluator.line.LineLedger.AcceptedDataset;
import dev.prequel.events.SuspiciousLabels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** A made-up but complete version report: what the page tests and the browser test render. */
final class SampleReports {

    /** Class labels a user dropped, one of them hostile. */
    static final List<String> CLASSES = List.of("cat", "dog", "<script>alert(1)</script>", "bird");

    private SampleReports() {
    }

    static VersionReport report() {
        int[][] candidate = {{40, 5, 3, 2}, {4, 42, 2, 2}, {1, 1, 46, 2}, {6, 4, 0, 40}};
        int[][] champion = {{35, 8, 4, 3}, {9, 36, 3, 2}, {3, 2, 43, 2}, {8, 6, 2, 34}};
        ReliabilityBins candidateBins = ReliabilityBins.of(new double[] {0.35, 0.55, 0.62, 0.81, 0.85, 0.93, 0.97,
                0.99}, new boolean[] {false, true, false, true, true, true, false, true}, 10);
        ReliabilityBins championBins = ReliabilityBins.of(new double[] {0.45, 0.65, 0.72, 0.91, 0.95},
                new boolean[] {false, true, true, false, true}, 10);
        JudgeFigures figures = new JudgeFigures(CLASSES, 200, candidate, champion, candidateBins, championBins);
        List<VersionReport.Epoch> epochs = new ArrayList<>();
        for (int e = 1; e <= 6; e++) {
            epochs.add(new VersionReport.Epoch(e, 1.6 / e, null, 0.5 + 0.07 * e, 0.48 + 0.065 * e,
                    e % 2 == 0 ? 0.47 + 0.06 * e : null));
        }
        var verdict = new VersionReport.Verdict(true, "significantly-better", 0.84, 0.74, "v-champion-1", 200,
                List.of("ds-one", "ds-two"), Map.of("pValue", 0.0012, "onlyCandidateRight", 31,
                        "onlyChampionRight", 11, "judgeExamples", 200));
        var lineage = new VersionReport.Lineage("v-champion-1", "ds-two", List.of("ds-one", "ds-two"), "cnn", "cpu",
                Map.of("epochs", "6", "learningRate", "0.001", "batchSize", "32"), Instant.parse(
                        "2026-12-01T10:00:00Z"));
        List<CodeLength.Row> code = CodeLength.of(List.of(dataset(1, "ds-one", null), dataset(2, "ds-two", 60.0),
                dataset(3, "ds-three", 40.0)));
        SuspiciousLabels suspicious = new SuspiciousLabels("pets", "ds-two", "v-champion-1", 100, List.of(
                new SuspiciousLabels.Entry("0011aabb", "train", 3, null, "<script>", 0.004, "dog", 0.93, png(0)),
                new SuspiciousLabels.Entry("0022ccdd", "test", 0, null, "cat", 0.02, "bird", 0.81, png(1)),
                new SuspiciousLabels.Entry("0033eeff", "val", 9, null, "dog", 0.05, "cat", 0.77, png(2))),
                Instant.parse("2026-12-01T09:00:00Z"));
        return new VersionReport("pets", "v-candidate-2", verdict, lineage, epochs, figures, code,
                List.of(suspicious), Instant.parse("2026-12-01T10:05:00Z"));
    }

    private static AcceptedDataset dataset(int seq, String id, Double totalBits) {
        return new AcceptedDataset(seq, id, CLASSES, 1, 8, 8, Map.of("train", 40, "val", 5, "test", 5), false, false,
                totalBits == null ? null : totalBits / 50, Instant.parse("2026-12-01T08:00:00Z"), "c-" + id,
                totalBits == null ? null : 50, totalBits);
    }

    /** An 8×8 grey picture, different per seed. */
    static String png(int seed) {
        try {
            BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    image.getRaster().setSample(x, y, 0, ((x + y + seed) % 3) * 120);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
