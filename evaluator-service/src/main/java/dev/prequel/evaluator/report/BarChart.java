package dev.prequel.evaluator.report;

import java.util.List;

/**
 * Grouped bars, one group per category (a class, a drop) and one bar per series in it, as an SVG string. Every bar
 * is a {@code rect class="bar"} with {@code data-series}, {@code data-category} and {@code data-value}.
 */
final class BarChart {

    private BarChart() {
    }

    static String render(String id, String title, String xTitle, List<String> categories, List<ChartSeries> series,
            Double fixedMax) {
        int w = Svg.WIDTH;
        int h = Svg.HEIGHT;
        double max = fixedMax != null ? fixedMax : Svg.ceiling(series.stream().flatMap(s -> s.values().stream())
                .filter(v -> v != null && Double.isFinite(v)).mapToDouble(Double::doubleValue).max().orElse(1));
        StringBuilder out = new StringBuilder(Svg.open(id, title, w, h));
        out.append(Svg.yAxis(0, max, 5, w, h));
        double plotWidth = w - Svg.LEFT - Svg.RIGHT;
        double plotHeight = h - Svg.TOP - Svg.BOTTOM;
        int n = Math.max(1, categories.size());
        double group = plotWidth / n;
        double bar = Math.max(1, group * 0.8 / Math.max(1, series.size()));
        int every = Math.max(1, n / 16);
        for (int c = 0; c < categories.size(); c++) {
            // The bars present in this group, centred: a class the champion lacks, or a drop coded one way only,
            // leaves no hole.
            final int category = c;
            List<Integer> present = java.util.stream.IntStream.range(0, series.size()).filter(s -> {
                List<Double> values = series.get(s).values();
                return category < values.size() && values.get(category) != null
                        && Double.isFinite(values.get(category));
            }).boxed().toList();
            double left = Svg.LEFT + group * c + (group - bar * present.size()) / 2;
            for (int slot = 0; slot < present.size(); slot++) {
                int s = present.get(slot);
                ChartSeries one = series.get(s);
                double v = one.values().get(c);
                // A hairline for 0, so that a class the model never gets right shows as measured, not missing.
                double height = Math.max(1, plotHeight * Math.min(v, max) / max);
                out.append("<rect class=\"bar\" x=\"").append(Svg.num(left + bar * slot)).append("\" y=\"")
                        .append(Svg.num(Svg.TOP + plotHeight - height)).append("\" width=\"").append(Svg.num(bar))
                        .append("\" height=\"").append(Svg.num(height)).append("\" fill=\"")
                        .append(Svg.COLOURS[s % Svg.COLOURS.length]).append("\" data-series=\"")
                        .append(Svg.text(one.name())).append("\" data-category=\"").append(Svg.text(categories.get(c)))
                        .append("\" data-value=\"").append(Svg.value(v)).append("\"><title>")
                        .append(Svg.text(one.name())).append(' ').append(Svg.text(categories.get(c))).append(": ")
                        .append(Svg.value(v)).append("</title></rect>");
            }
            if (c % every == 0) {
                out.append(Svg.xLabel(shorten(categories.get(c)), Svg.LEFT + group * c + group / 2, h));
            }
        }
        out.append(Svg.axisTitle(xTitle, w, h));
        out.append(Svg.legend(series, w));
        return out.append("</svg>").toString();
    }

    private static String shorten(String label) {
        return label.length() <= 12 ? label : label.substring(0, 11) + "…";
    }
}
