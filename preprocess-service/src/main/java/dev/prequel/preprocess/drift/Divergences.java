package dev.prequel.preprocess.drift;

import java.util.Map;
import java.util.TreeSet;

/** Distances between two class distributions given as counts per class name (absent names count 0). */
public final class Divergences {

    /** PSI needs a floor: a class absent on one side would otherwise make it infinite. */
    static final double PSI_FLOOR = 1e-4;

    private Divergences() {
    }

    /**
     * Jensen–Shannon divergence in bits: symmetric, 0 for equal distributions, 1 for disjoint ones. Defined even
     * when a class is missing on one side, which suits drops that add or leave out classes.
     */
    public static double jensenShannon(Map<String, Integer> p, Map<String, Integer> q) {
        double pTotal = total(p);
        double qTotal = total(q);
        double divergence = 0;
        for (String c : union(p, q)) {
            double pi = p.getOrDefault(c, 0) / pTotal;
            double qi = q.getOrDefault(c, 0) / qTotal;
            double m = (pi + qi) / 2;
            divergence += half(pi, m) + half(qi, m);
        }
        return Math.max(0, Math.min(1, divergence));
    }

    private static double half(double x, double m) {
        return x == 0 ? 0 : 0.5 * x * Math.log(x / m) / Math.log(2);
    }

    /**
     * Population stability index of {@code actual} against {@code expected}: sum of (a - e) ln(a / e) over the
     * classes, shares floored at {@link #PSI_FLOOR}. Rule of thumb: below 0.1 stable, above 0.25 a real shift.
     */
    public static double populationStability(Map<String, Integer> expected, Map<String, Integer> actual) {
        double eTotal = total(expected);
        double aTotal = total(actual);
        double psi = 0;
        for (String c : union(expected, actual)) {
            double e = Math.max(PSI_FLOOR, expected.getOrDefault(c, 0) / eTotal);
            double a = Math.max(PSI_FLOOR, actual.getOrDefault(c, 0) / aTotal);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }

    private static double total(Map<String, Integer> counts) {
        double t = counts.values().stream().mapToInt(Integer::intValue).sum();
        if (t <= 0) {
            throw new IllegalArgumentException("a distribution needs at least one count");
        }
        return t;
    }

    private static TreeSet<String> union(Map<String, Integer> a, Map<String, Integer> b) {
        TreeSet<String> names = new TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        return names;
    }
}
