package dev.prequel.deploy;

import java.util.Locale;

/**
 * Quarkus's mapping between a configuration key and an environment variable: the variable
 * {@code PREQUEL_INGEST_POLL_ENABLED} sets {@code prequel.ingest.poll.enabled} because both have the
 * same canonical form (upper case, every character other than a letter or digit replaced by '_').
 * Quarkus only applies such a variable when it knows a key with that form, so a key nobody reads
 * is silently ignored: the reason for the check.
 */
final class QuarkusEnvName {
    private QuarkusEnvName() {
    }

    static String canonical(String keyOrEnvName) {
        StringBuilder out = new StringBuilder(keyOrEnvName.length());
        for (char c : keyOrEnvName.toCharArray()) {
            out.append(Character.isLetterOrDigit(c) && c < 128 ? c : '_');
        }
        return out.toString().toUpperCase(Locale.ROOT);
    }

    /** Environment names that Quarkus would read as configuration (others, like JAVA_OPTS or DJL_*, are the process's). */
    static boolean looksLikeConfiguration(String envName) {
        return envName.startsWith("QUARKUS_") || envName.startsWith("PREQUEL_") || envName.startsWith("KAFKA_")
                || envName.startsWith("MP_") || envName.startsWith("SMALLRYE_");
    }
}
