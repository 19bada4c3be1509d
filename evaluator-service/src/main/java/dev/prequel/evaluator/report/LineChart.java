package dev.prequel.evaluator.report;

import java.util.List;

/**
 * A line chart over a few labelled points on the x axis (epochs, drops), one polyline and a dot per point of each
 * series, as an SVG string. Each series carries {@code data-series} and {@code data-points}, each dot its value, so
 * a test (or a person with the browser's inspector) can read the data back.
 */
final class LineChart {

    private LineChart() {
    }

    static String render(String id, String title, String xTitle, List<String> xLabels, List<ChartSeries> series,
            Double fixedMax) {
        int w = Svg.WIDTH;
        int h = Svg.HEIGHT;
        List<ChartSeries> shown = series.stream().filter(ChartSeries::hasValues).toList();
        double max = fixedMax != null ? fixedMax : Svg.ceiling(shown.stream().flatMap(s -> s.values().stream())
                .filter(v -> v != null && Double.isFinite(v)).mapToDouble(Double::doubleValue).max().orElse(1));
        StringBuilder out = new StringBuilder(Svg.open(id, title, w, h));
        out.append(Svg.yAxis(0, max, 5, w, h));
        int n = xLabels.size();
        double plotWidth = w - Svg.LEFT - Svg.RIGHT;
        double plotHeight = h - Svg.TOP - Svg.BOTTOM;
        int every = Math.max(1, n / 12);
        for (int i = 0; i < n; i++) {
            if (i % every == 0 || i == n - 1) {
                out.append(Svg.xLabel(xLabels.get(i), x(i, n, plotWidth), h));
            }
        }
        out.append(Svg.axisTitle(xTitle, w, h));
        for (int s = 0; s < series.size(); s++) {
            ChartSeries one = series.get(s);
            if (!one.hasValues()) {
                continue;
            }
            String colour = Svg.COLOURS[s % Svg.COLOURS.length];
            StringBuilder points = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            int count = 0;
            for (int i = 0; i < Math.min(n, one.values().size()); i++) {
                Double v = one.values().get(i);
                if (v == null || !Double.isFinite(v)) {
                    continue;
                }
                double px = x(i, n, plotWidth);
                double py = Svg.TOP + plotHeight - plotHeight * Math.min(v, max) / max;
                points.append(Svg.num(px)).append(',').append(Svg.num(py)).append(' ');
                dots.append("<circle class=\"point\" cx=\"").append(Svg.num(px)).append("\" cy=\"")
                        .append(Svg.num(py)).append("\" r=\"3\" fill=\"").append(colour).append("\" data-value=\"")
                        .append(Svg.value(v)).append("\"><title>").append(Svg.text(one.name())).append(' ')
                        .append(Svg.text(xLabels.get(i))).append(": ").append(Svg.value(v)).append("</title></circle>");
                count++;
            }
            out.append("<g class=\"series\" data-series=\"").append(Svg.text(one.name())).append("\" data-points=\"")
                    .append(count).append("\"><polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colour)
                    .append("\" points=\"").append(points.toString().strip()).append("\"/>").append(dots)
                    .append("</g>");
        }
        out.append(Svg.legend(series, w));
        return out.append("</svg>").toString();
    }

    private static double x(int i, int n, double plotWidth) {
        return Svg.LEFT + (n <= 1 ? plotWidth / 2 : 12 + (plotWidth - 24) * i / (n - 1));
    }
}
