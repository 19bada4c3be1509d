package dev.prequel.events;

import java.util.List;

/** Bucket names and the object layout inside them (DESIGN.md, "Buckets"). */
public final class Buckets {
    public static final String LANDING = "landing";
    public static final String DATASETS = "datasets";
    public static final String MODELS = "models";
    public static final String REPORTS = "reports";
    public static final List<String> ALL = List.of(LANDING, DATASETS, MODELS, REPORTS);

    /** Prefix of labelled drops in the landing bucket: {@code train/<model>/<dataset>/...}. */
    public static final String TRAIN_PREFIX = "train/";
    /** Prefix of unlabelled drops in the landing bucket: {@code score/<model>/<batch>/...}. */
    public static final String SCORE_PREFIX = "score/";
    /** A drop of loose objects is complete once this marker lands under its prefix. */
    public static final String SUCCESS_MARKER = "_SUCCESS";

    private Buckets() {
    }

    public static String datasetPrefix(String model, String datasetId) {
        return model + "/" + datasetId + "/";
    }

    public static String manifestKey(String model, String datasetId) {
        return datasetPrefix(model, datasetId) + "manifest.json";
    }

    public static String statsKey(String model, String datasetId) {
        return datasetPrefix(model, datasetId) + "stats.json";
    }

    /** The examples of a dataset its line's champion found least likely: candidates for relabelling. */
    public static String suspiciousKey(String model, String datasetId) {
        return datasetPrefix(model, datasetId) + "suspicious.json";
    }

    public static String modelPrefix(String model, String version) {
        return model + "/" + version + "/";
    }

    public static String modelJsonKey(String model, String version) {
        return modelPrefix(model, version) + "model.json";
    }

    /** A user-supplied starting model for a line that has no champion yet. */
    public static String baseModelPrefix(String model) {
        return model + "/base/";
    }

    /** The evaluator's pointer to the model in production; the promotion event says the same. */
    public static String championKey(String model) {
        return model + "/champion.json";
    }

    public static String reportKey(String model, String version) {
        return model + "/" + version + "/report.json";
    }

    /** The version's report as a self-contained HTML page with its charts, beside {@code report.json}. */
    public static String reportPageKey(String model, String version) {
        return model + "/" + version + "/index.html";
    }
}
