package dev.prequel.evaluator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * A generated report rendered by a real headless browser (Debian's chromium, which .ci/run installs): the DOM the
 * browser builds holds every chart with its data, and the screenshot is a real picture. Without chromium this test
 * fails rather than skips, like the deploy checks without kubectl. The page and its screenshot stay under
 * {@code target/report-browser/} for a person to look at.
 */
class ReportBrowserTest {

    private static final Path CHROMIUM = Path.of(System.getProperty("prequel.chromium", "/usr/bin/chromium"));
    private static final Path OUT = Path.of("target", "report-browser");

    @Test
    void headlessChromiumRendersTheReportWithItsCharts() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            fail(CHROMIUM + " is missing: install Debian's chromium (apt-get install chromium; .ci/run does)");
        }
        VersionReport report = SampleReports.report();
        Files.createDirectories(OUT);
        Path page = OUT.resolve("index.html").toAbsolutePath();
        Files.writeString(page, ReportPage.render(report));

        String dom = chromium(page, "--dump-dom");
        for (String id : List.of("learning-loss", "learning-accuracy", "per-class-accuracy", "reliability",
                "code-length-bits", "code-length-ratio")) {
            assertTrue(dom.contains("id=\"" + id + "\""), "the browser's DOM has the chart " + id);
        }
        assertEquals(6, count(dom, "<svg"), "six charts");
        assertEquals(2 * report.figures().classes().size(), count(dom, "<rect class=\"bar\"[^>]*data-series=\"c"),
                "a bar per class of candidate and champion");
        assertEquals(report.figures().candidateCalibration().bins().stream().filter(b -> b.count() > 0).count(),
                count(dom, "<rect class=\"bin\""));
        assertTrue(dom.contains(ReportPage.percent(report.figures().candidateCalibration().expectedCalibrationError())));
        assertEquals(3, count(dom, "<img alt=\"example "), "the suspicious labels' thumbnails");
        assertFalse(dom.contains("<script"), "the hostile label stayed text");
        assertTrue(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));

        Path screenshot = OUT.resolve("report.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        chromium(page, "--screenshot=" + screenshot, "--window-size=1280,2000");
        assertTrue(Files.size(screenshot) > 20_000, "a screenshot of " + Files.size(screenshot) + " bytes");
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertEquals(1280, image.getWidth());
        assertEquals(2000, image.getHeight());
        assertTrue(colours(image) > 50, "the screenshot shows more than a blank page");
    }

    /** Distinct colours on a coarse grid: a blank or single-colour page has one or two. */
    private static int colours(BufferedImage image) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Runs chromium headless on the page with a fresh profile and no network of its own; returns its stdout. */
    private static String chromium(Path page, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("prequel-chromium-");
        try {
            List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
            command.addAll(List.of(args));
            command.add(page.toUri().toString());
            Path stdout = Files.createTempFile("prequel-chromium-", ".out");
            Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("chromium did not finish within 120 s");
            }
            assertEquals(0, process.exitValue(), "chromium's exit status");
            String out = Files.readString(stdout, StandardCharsets.UTF_8);
            Files.delete(stdout);
            return out;
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
