package dev.prequel.model.image;

/**
 * An input that cannot be used as an image. {@link #reason()} is a stable, machine-readable code for
 * the {@code errors} topic; the message is for humans.
 */
public class ImageRejectedException extends RuntimeException {

    /** The bytes are not a PNG, JPEG, BMP or GIF image. */
    public static final String NOT_AN_IMAGE = "not-an-image";
    /** The bytes claim to be an image but cannot be decoded (truncated, damaged). */
    public static final String CORRUPT_IMAGE = "corrupt-image";
    /** The header declares more pixels than the configured limit; nothing was decoded. */
    public static final String IMAGE_TOO_LARGE = "image-too-large";

    private final String reason;

    public ImageRejectedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ImageRejectedException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
