package dev.prequel.preprocess.drop;

/**
 * One file (or one record of a file) of a drop cannot be used; the rest of the drop can.
 * {@link #reason()} is the machine-readable code published on {@code errors}.
 */
public class FileRejectedException extends RuntimeException {
    private final String reason;

    public FileRejectedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
