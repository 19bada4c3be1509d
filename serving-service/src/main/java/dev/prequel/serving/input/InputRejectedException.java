package dev.prequel.serving.input;

/** A request the model cannot take as it is (a 400); {@link #reason()} is a stable code, the message says why. */
public class InputRejectedException extends RuntimeException {

    public static final String BAD_REQUEST = "bad-request";

    private final String reason;

    public InputRejectedException(String message) {
        this(BAD_REQUEST, message);
    }

    public InputRejectedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
