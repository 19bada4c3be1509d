package dev.prequel.evaluator.admin;

import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The admin API's bearer token, required at start: an evaluator without one (or with a short one) refuses to start,
 * so a missing Secret shows as a failed rollout rather than an open or silently disabled admin API. Only a digest is
 * kept, compared in constant time; the token itself is never logged or echoed.
 */
@Startup
@Singleton
public class AdminToken {

    /** Shorter tokens are refused: the generated ones are 48 hex characters. */
    static final int MIN_LENGTH = 24;
    static final String KEY = "prequel.evaluator.admin.token";

    private final byte[] digest;

    public AdminToken(@ConfigProperty(name = KEY) String token) {
        String trimmed = token.strip();
        if (trimmed.length() < MIN_LENGTH) {
            throw new IllegalStateException(KEY + " must be at least " + MIN_LENGTH
                    + " characters (deploy/generate-secrets.sh writes one); the evaluator does not start without it");
        }
        this.digest = sha256(trimmed);
    }

    /** Whether an {@code Authorization} header value is {@code Bearer <the token>}. */
    public boolean admits(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // Digests of equal length: the comparison takes the same time whatever the presented value.
        return MessageDigest.isEqual(digest, sha256(authorization.substring(7).strip()));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
