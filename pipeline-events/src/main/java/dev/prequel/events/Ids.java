package dev.prequel.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Deterministic ids: the same inputs always give the same id, which is what makes redeliveries harmless. */
public final class Ids {
    private Ids() {
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /** A dataset id from the hex SHA-256 of its content: {@code ds-} and 16 hex digits. */
    public static String datasetId(String contentSha256Hex) {
        return "ds-" + contentSha256Hex.substring(0, 16);
    }

    /**
     * A model version from its parent, its datasets and its training configuration: {@code v-} and
     * 12 hex digits. Training the same thing twice yields the same version, so it is stored once.
     */
    public static String version(String parentVersion, Iterable<String> datasetIds, String trainingConfig) {
        StringBuilder in = new StringBuilder(String.valueOf(parentVersion)).append('|');
        datasetIds.forEach(d -> in.append(d).append(','));
        in.append('|').append(trainingConfig);
        return "v-" + sha256Hex(in.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    }
}
