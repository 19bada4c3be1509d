package dev.prequel.evaluator.report;

import dev.prequel.evaluator.line.CodeLength;
import dev.prequel.events.SuspiciousLabels;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one version's HTML report shows, gathered from the verdict, the version's {@code model.json}, the
 * line's ledger and the suspicious labels of its datasets. Plain data: {@link ReportPage} turns it into the page.
 *
 * @param epochs the learning curve, one entry per epoch (empty when model.json is gone)
 * @param figures confusion matrices and calibration on the judge set; null when the report was rewritten after a
 *     restart, when the scores were no longer at hand
 * @param suspicious per dataset the version learnt from, its suspicious labels (bounded)
 */
public record VersionReport(String model, String version, Verdict verdict, Lineage lineage, List<Epoch> epochs,
        JudgeFigures figures, List<CodeLength.Row> codeLength, List<SuspiciousLabels> suspicious,
        Instant evaluatedAt) {

    public VersionReport {
        epochs = epochs == null ? List.of() : List.copyOf(epochs);
        codeLength = codeLength == null ? List.of() : List.copyOf(codeLength);
        suspicious = suspicious == null ? List.of() : List.copyOf(suspicious);
    }

    /** The line owner's decision and the numbers behind it (the scalar ones of the verdict's details). */
    public record Verdict(boolean promoted, String reason, double candidateAccuracy, Double championAccuracy,
            String championVersion, int judgeExamples, List<String> judgeDatasets, Map<String, Object> numbers) {
    }

    /** Where the version came from and how it was trained. */
    public record Lineage(String parentVersion, String datasetId, List<String> datasets, String architecture,
            String device, Map<String, String> hyperParameters, Instant trainedAt) {
    }

    /**
     * One epoch of the learning curve; a null figure was not measured (no validation split, a trainer that does
     * not report test accuracy per epoch).
     */
    public record Epoch(int epoch, Double trainLoss, Double validationLoss, Double trainAccuracy,
            Double validationAccuracy, Double testAccuracy) {
    }
}
