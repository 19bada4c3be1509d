package dev.prequel.model.artifact;

/** A parent model that cannot be fine-tuned into what was asked, or parameters that do not fit their descriptor. */
public class IncompatibleModelException extends IllegalArgumentException {

    public IncompatibleModelException(String message) {
        super(message);
    }

    public IncompatibleModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
