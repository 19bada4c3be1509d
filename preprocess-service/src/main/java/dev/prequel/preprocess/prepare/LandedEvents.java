package dev.prequel.preprocess.prepare;

import dev.prequel.events.DatasetLanded;
import dev.prequel.preprocess.format.Labels;

/** A {@code datasets.landed} event that parses can still lack what preparing needs; say what, before any work. */
final class LandedEvents {
    private LandedEvents() {
    }

    /** The first missing or invalid field's name, or null when the event can be prepared. */
    static String missingField(DatasetLanded e) {
        if (e.model() == null || !Labels.isSafe(e.model()) || e.model().contains(" ") || e.model().contains("/")) {
            return "model";
        }
        if (e.datasetId() == null || e.datasetId().isBlank() || e.datasetId().contains("/")) {
            return "datasetId";
        }
        if (e.bucket() == null || e.bucket().isBlank()) {
            return "bucket";
        }
        if (e.prefix() == null) {
            return "prefix";
        }
        if (e.objects() == null || e.objects().isEmpty() || e.objects().contains(null)) {
            return "objects";
        }
        return null;
    }
}
