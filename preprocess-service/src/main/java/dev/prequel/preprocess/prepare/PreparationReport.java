package dev.prequel.preprocess.prepare;

import java.util.Map;
import java.util.TreeMap;

/** What preparing one drop kept and dropped, written to {@code stats.json}. */
public final class PreparationReport {
    final Map<String, Integer> perClass = new TreeMap<>();
    final Map<String, Integer> droppedByReason = new TreeMap<>();
    int seen;
    int kept;

    void kept(String label) {
        kept++;
        perClass.merge(label, 1, Integer::sum);
    }

    void dropped(String reason) {
        droppedByReason.merge(reason, 1, Integer::sum);
    }

    public int dropped() {
        return droppedByReason.values().stream().mapToInt(Integer::intValue).sum();
    }

    public Map<String, Integer> perClass() {
        return perClass;
    }

    public Map<String, Integer> droppedByReason() {
        return droppedByReason;
    }

    public int seen() {
        return seen;
    }

    public int kept() {
        return kept;
    }
}
