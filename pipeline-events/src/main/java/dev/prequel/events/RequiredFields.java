package dev.prequel.events;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Names the required fields an event lacks, for {@link PipelineEvent#missingFields()}: a field is missing when it
 * is null, a blank string or an empty collection.
 */
final class RequiredFields {
    private RequiredFields() {
    }

    /** @param namesAndValues pairs of a field's name and its value */
    static List<String> missing(Object... namesAndValues) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            if (value == null || value instanceof String s && s.isBlank()
                    || value instanceof Collection<?> c && c.isEmpty()) {
                missing.add((String) namesAndValues[i]);
            }
        }
        return List.copyOf(missing);
    }
}
