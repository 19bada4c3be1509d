package dev.prequel.evaluator.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.events.EventJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FiniteNumbersTest {

    @Test
    void nonFiniteFiguresBecomeNullAtAnyDepthAndTheRestIsKept() throws Exception {
        Map<String, Object> perClass = new LinkedHashMap<>();
        perClass.put("7", Double.NaN);
        perClass.put("8", 0.5);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pValue", Double.POSITIVE_INFINITY);
        details.put("judgeExamples", 120);
        details.put("perClass", perClass);
        details.put("gains", List.of(1.5, Double.NaN));

        Map<String, Object> clean = FiniteNumbers.of(details);

        assertEquals(null, clean.get("pValue"));
        assertEquals(java.util.Arrays.asList(1.5, null), clean.get("gains"));
        // The events' mapper leaves null entries out of maps: a figure that does not exist is absent, never "NaN".
        assertEquals("{\"judgeExamples\":120,\"perClass\":{\"8\":0.5},\"gains\":[1.5,null]}",
                EventJson.mapper().writeValueAsString(clean));
        assertTrue(EventJson.mapper().writeValueAsString(details).contains("NaN"), "the input is left as it was");
    }
}
