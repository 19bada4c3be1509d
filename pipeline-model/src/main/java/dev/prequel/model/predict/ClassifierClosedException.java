package dev.prequel.model.predict;

/** The classifier was closed (replaced by a newer model); retry with the current one. */
public class ClassifierClosedException extends IllegalStateException {

    public ClassifierClosedException(String message) {
        super(message);
    }
}
