package dev.prequel.events;

/**
 * The line owner's verdict on a candidate, measured on the line's judge set with the champion beside it.
 *
 * @param championVersion null when the line has no champion yet
 * @param candidateAccuracy accuracy on the judge set
 * @param championAccuracy null when there is no champion
 * @param testExamples judge-set examples both were scored on
 * @param testDatasetId the candidate's own dataset
 * @param reason machine-readable: {@code first-model}, {@code significantly-better}, {@code better-log-loss},
 *               {@code below-minimum-accuracy}, {@code too-few-judge-examples}, {@code not-significantly-better},
 *               {@code class-regression:<label>}, {@code drift-hold}
 * @param judgeDatasets the datasets whose test splits made up the judge set
 * @param details the numbers behind the reason (paired counts, p-value, per-class accuracies, own split, ...)
 */
public record ModelEvaluated(String model, String version, String championVersion, double candidateAccuracy,
        Double championAccuracy, double candidateBitsPerLabel, Double championBitsPerLabel, int testExamples,
        String testDatasetId, boolean promoted, String reason, String reportKey, String correlationId,
        java.util.List<String> judgeDatasets, java.util.Map<String, Object> details)
        implements PipelineEvent {

    @Override
    public java.util.List<String> missingFields() {
        return RequiredFields.missing("model", model, "version", version);
    }

    @Override
    public String eventId() {
        return "evaluated/" + model + "/" + version;
    }
}
