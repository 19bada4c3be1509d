package dev.prequel.evaluator.report;

import java.util.List;

/**
 * One named series of a chart; a null value is a gap (an epoch without a test accuracy, a class the champion lacks).
 */
record ChartSeries(String name, List<Double> values) {

    ChartSeries {
        values = values == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }

    boolean hasValues() {
        return values.stream().anyMatch(v -> v != null && Double.isFinite(v));
    }
}
