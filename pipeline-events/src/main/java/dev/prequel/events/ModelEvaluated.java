package dev.prequel.events;

/**
 * The evaluator's verdict on a candidate, measured on one test split with the champion beside it.
 *
 * @param championVersion null when the line has no champion yet
 * @param championAccuracy null when there is no champion
 * @param reason machine-readable: {@code first-model}, {@code better-than-champion},
 *               {@code below-minimum-accuracy}, {@code not-better-than-champion}
 */
public record ModelEvaluated(String model, String version, String championVersion, double candidateAccuracy,
        Double championAccuracy, double candidateBitsPerLabel, Double championBitsPerLabel, int testExamples,
        String testDatasetId, boolean promoted, String reason, String reportKey, String correlationId)
        implements PipelineEvent {

    @Override
    public String eventId() {
        return "evaluated/" + model + "/" + version;
    }
}
