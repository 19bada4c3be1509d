package dev.prequel.evaluator.verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON has no NaN or infinity: Jackson would write them as strings, which readers of the verdict cannot tell from a
 * number they failed to parse. A figure that does not exist (accuracy of a class with no examples) becomes null,
 * which the events' mapper leaves out of a map.
 */
public final class FiniteNumbers {
    private FiniteNumbers() {
    }

    public static Map<String, Object> of(Map<String, ?> numbers) {
        Map<String, Object> out = new LinkedHashMap<>();
        numbers.forEach((k, v) -> out.put(k, clean(v)));
        return out;
    }

    private static Object clean(Object value) {
        if (value instanceof Double d) {
            return Double.isFinite(d) ? d : null;
        }
        if (value instanceof Float f) {
            return Float.isFinite(f) ? f : null;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, clean(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(clean(v)));
            return out;
        }
        return value;
    }
}
