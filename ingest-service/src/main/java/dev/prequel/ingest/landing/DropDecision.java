package dev.prequel.ingest.landing;

import dev.prequel.events.LandingKey;
import java.util.Locale;
import java.util.Set;

/**
 * What one created object in the landing bucket means. Pure logic, so the rules are testable alone:
 * a labelled drop is complete when it is one archive or when its {@code _SUCCESS} marker lands;
 * an image under {@code score/} is scored as soon as it lands.
 */
public sealed interface DropDecision {

    /** A complete labelled drop made of one archive object. */
    record ArchiveDrop(LandingKey key) implements DropDecision {
    }

    /** A complete labelled drop of loose objects under the marker's prefix. */
    record MarkedDrop(LandingKey marker) implements DropDecision {
    }

    /** One image to score. */
    record ScoreImage(LandingKey key) implements DropDecision {
    }

    /** Part of a drop that is not complete yet; nothing to do until its marker lands. */
    record Pending(String key) implements DropDecision {
    }

    /** Not something Prequel accepts; reported on {@code errors} with this reason. */
    record Rejected(String key, String reason, String message) implements DropDecision {
    }

    Set<String> IMAGE_SUFFIXES = Set.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    static DropDecision of(String objectKey) {
        var parsed = LandingKey.parse(objectKey);
        if (parsed.isEmpty()) {
            return new Rejected(objectKey, "outside-layout",
                    "expected train/<model>/<dataset>/... or score/<model>/<batch>/... with plain names");
        }
        LandingKey key = parsed.get();
        if (key.kind() == LandingKey.Kind.TRAIN) {
            if (key.isSuccessMarker()) {
                return new MarkedDrop(key);
            }
            if (key.isArchive() && !key.rest().contains("/")) {
                return new ArchiveDrop(key);
            }
            return new Pending(objectKey);
        }
        if (key.isSuccessMarker()) {
            return new Pending(objectKey);
        }
        String lower = key.rest().toLowerCase(Locale.ROOT);
        if (IMAGE_SUFFIXES.stream().anyMatch(lower::endsWith)) {
            return new ScoreImage(key);
        }
        if (key.isArchive()) {
            // Scoring is per image (one prediction per object key); archives are not unpacked here.
            return new Rejected(objectKey, "unsupported-score-archive",
                    "archives are not unpacked under score/: drop the images themselves, one object each");
        }
        return new Rejected(objectKey, "unsupported-score-object", "only PNG, JPEG, BMP or GIF images can be scored");
    }
}
