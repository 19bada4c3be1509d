package dev.prequel.events;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An object key in the landing bucket, understood: {@code train/<model>/<dataset>/<rest>} or
 * {@code score/<model>/<batch>/<rest>}. Anything else is not part of a drop.
 *
 * @param kind whether the drop is labelled (train) or to be scored
 * @param model the model line
 * @param drop the dataset or batch name the user chose
 * @param rest the path below the drop prefix (never empty)
 */
public record LandingKey(Kind kind, String model, String drop, String rest) {

    public enum Kind { TRAIN, SCORE }

    /** Model and drop names become object prefixes and Kafka keys: keep them plain. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public static Optional<LandingKey> parse(String key) {
        if (key == null) {
            return Optional.empty();
        }
        String[] parts = key.split("/", 4);
        if (parts.length < 4 || parts[3].isEmpty()) {
            return Optional.empty();
        }
        Kind kind = switch (parts[0]) {
            case "train" -> Kind.TRAIN;
            case "score" -> Kind.SCORE;
            default -> null;
        };
        if (kind == null || !isValidName(parts[1]) || !isValidName(parts[2])) {
            return Optional.empty();
        }
        return Optional.of(new LandingKey(kind, parts[1], parts[2], parts[3]));
    }

    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The prefix that holds the whole drop, with a trailing slash. */
    public String dropPrefix() {
        return (kind == Kind.TRAIN ? Buckets.TRAIN_PREFIX : Buckets.SCORE_PREFIX) + model + "/" + drop + "/";
    }

    public boolean isSuccessMarker() {
        return rest.equals(Buckets.SUCCESS_MARKER) || rest.endsWith("/" + Buckets.SUCCESS_MARKER);
    }

    public boolean isArchive() {
        String lower = rest.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".zip") || lower.endsWith(".tar") || lower.endsWith(".tar.gz") || lower.endsWith(".tgz");
    }
}
