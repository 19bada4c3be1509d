package dev.prequel.serving.batch;

/** The model line, or the version a caller named, is not loaded (any more): a 404. */
public class VersionNotServedException extends RuntimeException {

    public static final String REASON = "model-not-served";

    public VersionNotServedException(String model, String version) {
        super(version == null ? "no version of model '" + model + "' is being served"
                : "version '" + version + "' of model '" + model + "' is not loaded");
    }
}
