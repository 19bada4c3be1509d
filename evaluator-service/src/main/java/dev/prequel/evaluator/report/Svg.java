package dev.prequel.evaluator.report;

import java.util.Locale;

/**
 * What every chart shares: escaping of text that comes from users (labels, dataset ids) into SVG/XML, and numbers
 * written the same way in every locale. The charts are server-side SVG strings inserted into the page unescaped, so
 * every piece of user text must pass through {@link #text}.
 */
final class Svg {

    static final int WIDTH = 560;
    static final int HEIGHT = 280;
    static final int LEFT = 56;
    static final int RIGHT = 16;
    static final int TOP = 46;
    static final int BOTTOM = 46;

    /** Series colours (colour-blind safe palette by Okabe and Ito). */
    static final String[] COLOURS = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9"};

    private Svg() {
    }

    static String text(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return out.toString();
    }

    static String num(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String value(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    static String open(String id, String title, int width, int height) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"" + text(id) + "\" viewBox=\"0 0 "
                + width + " " + height + "\" width=\"" + width + "\" height=\"" + height + "\" role=\"img\">"
                + "<title>" + text(title) + "</title>"
                + "<text class=\"chart-title\" x=\"" + LEFT + "\" y=\"18\" font-size=\"14\" font-weight=\"600\">"
                + text(title) + "</text>";
    }

    /** The y axis with horizontal grid lines and tick labels from {@code min} to {@code max}. */
    static String yAxis(double min, double max, int ticks, int width, int height) {
        StringBuilder out = new StringBuilder();
        double plotHeight = height - TOP - BOTTOM;
        for (int i = 0; i <= ticks; i++) {
            double v = min + (max - min) * i / ticks;
            double y = TOP + plotHeight - plotHeight * i / ticks;
            out.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(width - RIGHT)
                    .append("\" y1=\"").append(num(y)).append("\" y2=\"").append(num(y))
                    .append("\" stroke=\"#ddd\"/>");
            out.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(num(y + 4))
                    .append("\" font-size=\"11\" text-anchor=\"end\">").append(tick(v)).append("</text>");
        }
        out.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT).append("\" y1=\"")
                .append(TOP).append("\" y2=\"").append(height - BOTTOM).append("\" stroke=\"#333\"/>");
        out.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(width - RIGHT)
                .append("\" y1=\"").append(height - BOTTOM).append("\" y2=\"").append(height - BOTTOM)
                .append("\" stroke=\"#333\"/>");
        return out.toString();
    }

    /** The legend, on its own row under the title; {@code colours[i]} indexes {@link #COLOURS}. */
    static String legend(java.util.List<String> names, java.util.List<Integer> colours, int width) {
        StringBuilder out = new StringBuilder("<g class=\"legend\">");
        int x = width - RIGHT;
        for (int i = names.size() - 1; i >= 0; i--) {
            String name = names.get(i);
            x -= 22 + 7 * name.length();
            out.append("<rect x=\"").append(x).append("\" y=\"25\" width=\"12\" height=\"12\" fill=\"")
                    .append(COLOURS[colours.get(i) % COLOURS.length]).append("\"/><text x=\"").append(x + 16)
                    .append("\" y=\"35\" font-size=\"12\">").append(text(name)).append("</text>");
        }
        return out.append("</g>").toString();
    }

    /** The legend of the series that have something to draw, in their own colours. */
    static String legend(java.util.List<ChartSeries> series, int width) {
        java.util.List<String> names = new java.util.ArrayList<>();
        java.util.List<Integer> colours = new java.util.ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            if (series.get(i).hasValues()) {
                names.add(series.get(i).name());
                colours.add(i);
            }
        }
        return legend(names, colours, width);
    }

    static String xLabel(String label, double x, int height) {
        return "<text class=\"x-label\" x=\"" + num(x) + "\" y=\"" + (height - BOTTOM + 16)
                + "\" font-size=\"11\" text-anchor=\"middle\">" + text(label) + "</text>";
    }

    static String axisTitle(String title, int width, int height) {
        return "<text x=\"" + num(LEFT + (width - LEFT - RIGHT) / 2.0) + "\" y=\"" + (height - 8)
                + "\" font-size=\"12\" text-anchor=\"middle\" fill=\"#555\">" + text(title) + "</text>";
    }

    private static String tick(double v) {
        return Math.abs(v - Math.rint(v)) < 1e-9 && Math.abs(v) >= 1 ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    /** The "nice" upper end of an axis over values up to {@code max}. */
    static double ceiling(double max) {
        if (!(max > 0) || Double.isInfinite(max)) {
            return 1;
        }
        double step = Math.pow(10, Math.floor(Math.log10(max)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * step >= max) {
                return m * step;
            }
        }
        return 10 * step;
    }
}
