package dev.prequel.preprocess.drop;

/** A whole drop is refused; {@link #reason()} is the machine-readable code published on {@code errors}. */
public class DropRejectedException extends RuntimeException {
    private final String reason;

    public DropRejectedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
