package dev.prequel.evaluator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page's structure: every chart present and drawn from the report's data, user text escaped, nothing fetched. */
class ReportPageTest {

    private static int count(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The markup of one chart, from its opening {@code <svg ... id="id"} to its {@code </svg>}. */
    static String chart(String html, String id) {
        int start = html.indexOf("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"" + id + "\"");
        assertTrue(start >= 0, "chart " + id + " is on the page");
        return html.substring(start, html.indexOf("</svg>", start) + 6);
    }

    @Test
    void everyChartIsDrawnFromTheReportsData() {
        VersionReport report = SampleReports.report();
        String html = ReportPage.render(report);
        int classes = report.figures().classes().size();

        // Learning curves: training and validation loss (validation loss unmeasured here: absent), accuracy of
        // training, validation and test (test only where measured).
        String loss = chart(html, "learning-loss");
        assertEquals(1, count(loss, "class=\"series\""), "only the measured loss series is drawn");
        assertTrue(loss.contains("data-series=\"training\" data-points=\"6\""), loss);
        String accuracy = chart(html, "learning-accuracy");
        assertTrue(accuracy.contains("data-series=\"training\" data-points=\"6\""));
        assertTrue(accuracy.contains("data-series=\"validation\" data-points=\"6\""));
        assertTrue(accuracy.contains("data-series=\"test\" data-points=\"3\""), "test accuracy of even epochs only");

        // Per-class accuracy: one bar per class and model, each with its value.
        String perClass = chart(html, "per-class-accuracy");
        assertEquals(2 * classes, count(perClass, "<rect class=\"bar\""));
        assertTrue(perClass.contains("data-series=\"candidate\" data-category=\"cat\" data-value=\"0.8000\""),
                perClass);
        assertTrue(perClass.contains("data-series=\"champion\" data-category=\"bird\" data-value=\"0.6800\""));

        // Confusion matrices side by side: a row per class with a cell per class, and the counts.
        for (String id : new String[] {"confusion-candidate", "confusion-champion"}) {
            int start = html.indexOf("id=\"" + id + "\"");
            assertTrue(start > 0, id);
            String table = html.substring(start, html.indexOf("</table>", start));
            assertEquals(classes * classes, count(table, "<td"), id);
        }
        assertTrue(html.contains(">46</td>"), "the candidate's diagonal count");

        // Reliability diagram: one bar per non-empty bin, the ECE printed as computed.
        String reliability = chart(html, "reliability");
        long nonEmpty = report.figures().candidateCalibration().bins().stream().filter(b -> b.count() > 0).count();
        assertEquals(nonEmpty, count(reliability, "<rect class=\"bin\""));
        assertEquals(report.figures().championCalibration().bins().stream().filter(b -> b.count() > 0).count(),
                count(reliability, "class=\"champion-bin\""));
        String ece = ReportPage.percent(report.figures().candidateCalibration().expectedCalibrationError());
        assertTrue(html.contains("<strong id=\"ece-candidate\">" + ece.replace("%", "%") + "</strong>"),
                "ECE " + ece);
        assertTrue(reliability.contains("candidate ECE " + ece));

        // Code length: a bar per drop (uniform or measured) and the cumulative ratio per drop.
        String bits = chart(html, "code-length-bits");
        assertEquals(report.codeLength().size(), count(bits, "<rect class=\"bar\""));
        assertTrue(bits.contains("data-series=\"uniform code\" data-category=\"ds-one\" data-value=\"2.0000\""),
                "four classes: 2 bits per label for the first drop");
        assertTrue(bits.contains("data-category=\"ds-two\" data-value=\"1.2000\""));
        String ratio = chart(html, "code-length-ratio");
        assertTrue(ratio.contains("data-points=\"3\""));
        assertTrue(ratio.contains(String.format(java.util.Locale.ROOT, "data-value=\"%.4f\"",
                report.codeLength().get(2).ratio())));

        // Verdict, lineage, settings, suspicious labels with inline thumbnails.
        assertTrue(html.contains("id=\"verdict-reason\">significantly-better<"));
        assertTrue(html.contains("id=\"candidate-accuracy\">84.00 %<"));
        assertTrue(html.contains(">learningRate<") && html.contains(">0.001<"));
        assertTrue(html.contains("v-champion-1"));
        assertEquals(3, count(html, "class=\"card suspicious\""));
        assertEquals(3, count(html, "src=\"data:image/png;base64,"));
    }

    @Test
    void userTextIsEscapedAndNothingIsFetched() {
        String html = ReportPage.render(SampleReports.report());
        assertFalse(html.contains("<script"), "no label becomes markup");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the hostile class label, escaped");
        assertTrue(html.contains("<strong class=\"label\">&lt;script&gt;</strong>"), "the suspicious label, escaped");
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "no network reference");
        assertFalse(html.contains("@import") || html.contains("url("), "no external CSS or fonts");
    }

    @Test
    void theIndexListsVersionsWithEscapedNames() {
        String html = ReportPage.renderIndex("pets", java.util.List.of(
                new ReportPage.IndexRow("v-2", "2026-12-01T10:00:00Z", true, "significantly-better", "84.00 %",
                        "74.00 %", "/reports/pets/v-2/"),
                new ReportPage.IndexRow("v-1", "2026-12-01T09:00:00Z", false, "<b>odd</b>", "70.00 %", "–",
                        "/reports/pets/v-1/")));
        assertEquals(2, count(html, "<tr class=\"version\">"));
        assertTrue(html.indexOf("v-2") < html.indexOf("v-1"), "in the order given (newest first)");
        assertTrue(html.contains("href=\"/reports/pets/v-1/\""));
        assertTrue(html.contains("&lt;b&gt;odd&lt;/b&gt;"));
    }
}
