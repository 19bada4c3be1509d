package dev.prequel.evaluator.report;

import dev.prequel.evaluator.line.CodeLength;
import dev.prequel.events.SuspiciousLabels;
import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.RawString;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders a version's report and a line's index as self-contained HTML pages: inline CSS, inline SVG charts, images
 * as {@code data:} URIs, nothing fetched from the network, so a page copied out of the bucket opens anywhere.
 *
 * <p>Templating is Qute (qute-core, managed by the Quarkus BOM), used as a plain library with its HTML escaper:
 * every expression in the templates is escaped, and the same engine renders in unit tests and the browser test
 * without booting Quarkus. The charts are small server-side SVG builders ({@link LineChart}, {@link BarChart},
 * {@link ReliabilityChart}) rather than a JavaScript charting library, which would have to be inlined whole into every
 * page and would need a browser with scripts to show anything; they escape user text themselves ({@link Svg#text}).
 */
public final class ReportPage {

    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
    private static final Engine ENGINE = Engine.builder().addDefaults().addValueResolver(new ReflectionValueResolver())
            .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML))).build();
    private static final Template VERSION = parse("report/version.html");
    private static final Template INDEX = parse("report/index.html");

    private ReportPage() {
    }

    /** A name and its value, written for a person. */
    public record Item(String name, String value) {
    }

    /** One row of a confusion matrix drawn as a heat map. */
    public record ConfusionRow(String label, List<ConfusionCell> cells) {
    }

    /** A cell: its count and its shade (the share of the row's examples). */
    public record ConfusionCell(int count, String style, boolean diagonal) {
    }

    /** A confusion matrix as a heat-map table. */
    public record ConfusionTable(String id, String title, List<String> classes, List<ConfusionRow> rows) {
    }

    /** A suspicious example as the page shows it. */
    public record SuspiciousCard(String id, String split, int index, String source, String label, String probability,
            String guess, String guessProbability, String thumbnail) {
    }

    /** The suspicious labels of one dataset. */
    public record SuspiciousGroup(String datasetId, String championVersion, int examplesScored,
            List<SuspiciousCard> cards) {
    }

    /** One version on a line's index page. */
    public record IndexRow(String version, String evaluatedAt, boolean promoted, String reason, String accuracy,
            String championAccuracy, String href) {
    }

    public static String render(VersionReport report) {
        Map<String, Object> charts = new LinkedHashMap<>();
        List<String> epochs = report.epochs().stream().map(e -> String.valueOf(e.epoch())).toList();
        charts.put("loss", raw(LineChart.render("learning-loss", "Loss per epoch (cross-entropy, nats)", "epoch",
                epochs, List.of(new ChartSeries("training", report.epochs().stream().map(VersionReport.Epoch::trainLoss)
                        .toList()), new ChartSeries("validation", report.epochs().stream()
                        .map(VersionReport.Epoch::validationLoss).toList())), null)));
        charts.put("accuracy", raw(LineChart.render("learning-accuracy", "Accuracy per epoch", "epoch", epochs,
                List.of(new ChartSeries("training", report.epochs().stream().map(VersionReport.Epoch::trainAccuracy)
                        .toList()), new ChartSeries("validation", report.epochs().stream()
                        .map(VersionReport.Epoch::validationAccuracy).toList()), new ChartSeries("test",
                        report.epochs().stream().map(VersionReport.Epoch::testAccuracy).toList())), 1.0)));
        List<ConfusionTable> confusion = new ArrayList<>();
        JudgeFigures f = report.figures();
        if (f != null) {
            confusion.add(table("confusion-candidate", "Candidate " + report.version(), f.classes(),
                    f.candidateConfusion()));
            List<ChartSeries> perClass = new ArrayList<>();
            perClass.add(new ChartSeries("candidate", List.of(JudgeFigures.classAccuracy(f.candidateConfusion()))));
            if (f.championConfusion() != null) {
                confusion.add(table("confusion-champion", "Champion " + report.verdict().championVersion(),
                        f.classes(), f.championConfusion()));
                perClass.add(new ChartSeries("champion", List.of(JudgeFigures.classAccuracy(f.championConfusion()))));
            }
            charts.put("perClass", raw(BarChart.render("per-class-accuracy", "Accuracy per class on the judge set",
                    "class", f.classes(), perClass, 1.0)));
            charts.put("reliability", raw(ReliabilityChart.render("reliability", f.candidateCalibration(),
                    f.championCalibration())));
        }
        List<String> drops = report.codeLength().stream().map(CodeLength.Row::datasetId).toList();
        if (!drops.isEmpty()) {
            charts.put("bits", raw(BarChart.render("code-length-bits", "Bits per label of each drop",
                    "drop (as accepted)", drops, List.of(new ChartSeries("under the champion", report.codeLength()
                            .stream().map(r -> r.uniform() ? null : r.bitsPerLabel()).toList()),
                            new ChartSeries("uniform code", report.codeLength().stream()
                                    .map(r -> r.uniform() ? r.bitsPerLabel() : null).toList())), null)));
            charts.put("ratio", raw(LineChart.render("code-length-ratio",
                    "Cumulative code length / uniform code", "drop (as accepted)", drops,
                    List.of(new ChartSeries("ratio", report.codeLength().stream().map(CodeLength.Row::ratio)
                            .toList())), Math.max(1.0, Svg.ceiling(report.codeLength().stream()
                            .map(CodeLength.Row::ratio).filter(r -> r != null).mapToDouble(Double::doubleValue)
                            .max().orElse(1))))));
        }
        return VERSION.data("report", report).data("charts", charts).data("confusion", confusion)
                .data("numbers", numbers(report.verdict().numbers()))
                .data("settings", items(report.lineage().hyperParameters()))
                .data("candidateEce", f == null ? null : percent(f.candidateCalibration().expectedCalibrationError()))
                .data("championEce", f == null || f.championCalibration() == null ? null
                        : percent(f.championCalibration().expectedCalibrationError()))
                .data("suspicious", report.suspicious().stream().map(ReportPage::group).toList())
                .data("fmt", new Formats()).render();
    }

    public static String renderIndex(String model, List<IndexRow> rows) {
        return INDEX.data("model", model).data("rows", rows).render();
    }

    /** Number formats the template calls. */
    public static final class Formats {
        public String pct(Double value) {
            return value == null ? "–" : percent(value);
        }

        public String num(Double value) {
            return value == null ? "–" : String.format(Locale.ROOT, "%.4f", value);
        }
    }

    static String percent(double value) {
        return String.format(Locale.ROOT, "%.2f %%", value * 100);
    }

    private static RawString raw(String svg) {
        return new RawString(svg);
    }

    private static ConfusionTable table(String id, String title, List<String> classes, int[][] counts) {
        List<ConfusionRow> rows = new ArrayList<>();
        for (int t = 0; t < counts.length; t++) {
            long total = 0;
            for (int n : counts[t]) {
                total += n;
            }
            List<ConfusionCell> cells = new ArrayList<>();
            for (int p = 0; p < counts[t].length; p++) {
                double share = total == 0 ? 0 : (double) counts[t][p] / total;
                String style = String.format(Locale.ROOT, "background:rgba(%s,%.3f);color:%s",
                        t == p ? "0,114,178" : "213,94,0", share, share > 0.55 ? "#fff" : "#222");
                cells.add(new ConfusionCell(counts[t][p], style, t == p));
            }
            rows.add(new ConfusionRow(classes.get(t), cells));
        }
        return new ConfusionTable(id, title, classes, rows);
    }

    private static List<Item> numbers(Map<String, Object> numbers) {
        List<Item> out = new ArrayList<>();
        if (numbers != null) {
            numbers.forEach((k, v) -> {
                if (v instanceof Number n) {
                    double d = n.doubleValue();
                    out.add(new Item(k, d == Math.rint(d) && Math.abs(d) < 1e12 ? String.valueOf(n.longValue())
                            : String.format(Locale.ROOT, "%.6g", d)));
                } else if (v instanceof String || v instanceof Boolean) {
                    out.add(new Item(k, String.valueOf(v)));
                }
            });
        }
        return out;
    }

    private static List<Item> items(Map<String, String> values) {
        return values == null ? List.of() : new java.util.TreeMap<>(values).entrySet().stream()
                .map(e -> new Item(e.getKey(), e.getValue())).toList();
    }

    private static SuspiciousGroup group(SuspiciousLabels labels) {
        return new SuspiciousGroup(labels.datasetId(), labels.championVersion(), labels.examplesScored(),
                labels.entries().stream().map(e -> new SuspiciousCard(e.id(), e.split(), e.index(), e.source(),
                        e.label(), percent(e.probability()), e.guess(), percent(e.guessProbability()),
                        thumbnail(e.thumbnailPng()))).toList());
    }

    /** Only base64 text becomes a {@code data:} URI: nothing read from a bucket can inject another scheme. */
    private static String thumbnail(String base64) {
        return base64 != null && BASE64.matcher(base64).matches() ? "data:image/png;base64," + base64 : null;
    }

    private static Template parse(String resource) {
        try (InputStream in = ReportPage.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("template " + resource + " is missing from the classpath");
            }
            return ENGINE.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    Variant.forContentType(Variant.TEXT_HTML), resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
