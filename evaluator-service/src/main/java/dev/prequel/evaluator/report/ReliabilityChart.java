package dev.prequel.evaluator.report;

import java.util.List;

/**
 * The reliability diagram: accuracy against confidence per bin, a bar per non-empty bin of the candidate, a dot per
 * bin of the champion, and the diagonal of perfect calibration; the expected calibration error in the title.
 */
final class ReliabilityChart {

    private ReliabilityChart() {
    }

    static String render(String id, ReliabilityBins candidate, ReliabilityBins champion) {
        int w = Svg.WIDTH;
        int h = 340;
        String title = "Reliability (candidate ECE " + ReportPage.percent(candidate.expectedCalibrationError()) + ")";
        StringBuilder out = new StringBuilder(Svg.open(id, title, w, h));
        out.append(Svg.yAxis(0, 1, 5, w, h));
        double plotWidth = w - Svg.LEFT - Svg.RIGHT;
        double plotHeight = h - Svg.TOP - Svg.BOTTOM;
        for (int i = 0; i <= 5; i++) {
            out.append(Svg.xLabel(Svg.num(i / 5.0), Svg.LEFT + plotWidth * i / 5, h));
        }
        out.append(Svg.axisTitle("confidence of the guess (accuracy on the y axis)", w, h));
        out.append("<line class=\"diagonal\" x1=\"").append(Svg.LEFT).append("\" y1=\"").append(h - Svg.BOTTOM)
                .append("\" x2=\"").append(w - Svg.RIGHT).append("\" y2=\"").append(Svg.TOP)
                .append("\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>");
        for (ReliabilityBins.Bin bin : candidate.bins()) {
            if (bin.count() == 0) {
                continue;
            }
            double x = Svg.LEFT + plotWidth * bin.lower();
            double width = plotWidth * (bin.upper() - bin.lower());
            double height = plotHeight * bin.accuracy();
            out.append("<rect class=\"bin\" x=\"").append(Svg.num(x + 1)).append("\" y=\"")
                    .append(Svg.num(Svg.TOP + plotHeight - height)).append("\" width=\"").append(Svg.num(width - 2))
                    .append("\" height=\"").append(Svg.num(height)).append("\" fill=\"").append(Svg.COLOURS[0])
                    .append("\" fill-opacity=\"0.75\" data-count=\"").append(bin.count()).append("\" data-accuracy=\"")
                    .append(Svg.value(bin.accuracy())).append("\" data-confidence=\"")
                    .append(Svg.value(bin.meanConfidence())).append("\"><title>").append(Svg.num(bin.lower()))
                    .append('–').append(Svg.num(bin.upper())).append(": ").append(bin.count())
                    .append(" examples, accuracy ").append(Svg.value(bin.accuracy())).append(", mean confidence ")
                    .append(Svg.value(bin.meanConfidence())).append("</title></rect>");
        }
        if (champion != null) {
            for (ReliabilityBins.Bin bin : champion.bins()) {
                if (bin.count() == 0) {
                    continue;
                }
                out.append("<circle class=\"champion-bin\" cx=\"")
                        .append(Svg.num(Svg.LEFT + plotWidth * bin.meanConfidence())).append("\" cy=\"")
                        .append(Svg.num(Svg.TOP + plotHeight - plotHeight * bin.accuracy()))
                        .append("\" r=\"5\" fill=\"").append(Svg.COLOURS[1]).append("\" data-count=\"")
                        .append(bin.count()).append("\"/>");
            }
        }
        out.append(Svg.legend(champion == null ? List.of("candidate") : List.of("candidate", "champion"),
                champion == null ? List.of(0) : List.of(0, 1), w));
        return out.append("</svg>").toString();
    }
}
