package dev.prequel.evaluator.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prequel.evaluator.admin.AdminSecured;
import dev.prequel.events.Buckets;
import dev.prequel.events.EventJson;
import dev.prequel.events.LandingKey;
import dev.prequel.runtime.storage.ObjectStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reports over HTTP, read from the {@code reports} bucket: a line's index ({@code GET /reports/<model>/}:
 * versions newest first with verdict, accuracy and a link) and each version's page
 * ({@code GET /reports/<model>/<version>/}). Behind the admin token like {@code /admin/models/<m>/history}: a report
 * shows the same line data and, in its suspicious labels, pictures of the training data, so read-only is not public.
 * Path inputs are checked as model and version names before they become object keys (400, never a bucket lookup).
 */
@Path("/reports/{model}")
@AdminSecured
@Blocking
public class ReportResource {

    private static final String REPORT_JSON = "/report.json";

    private final ObjectStore store;

    public ReportResource(ObjectStore store) {
        this.store = store;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response index(@PathParam("model") String model) {
        if (!LandingKey.isValidName(model)) {
            return error(400, "not a model name: " + model);
        }
        List<Entry> entries = new ArrayList<>();
        for (ObjectStore.StoredObject o : store.list(Buckets.REPORTS, model + "/")) {
            if (o.key().endsWith(REPORT_JSON)) {
                String version = o.key().substring(model.length() + 1, o.key().length() - REPORT_JSON.length());
                if (LandingKey.isValidName(version)) {
                    store.readIfExists(Buckets.REPORTS, o.key()).map(b -> entry(model, version, b))
                            .ifPresent(entries::add);
                }
            }
        }
        if (entries.isEmpty()) {
            return error(404, "model " + model + " has no reports");
        }
        entries.sort(Comparator.comparing(Entry::evaluatedAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return Response.ok(ReportPage.renderIndex(model, entries.stream().map(Entry::row).toList()),
                MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).build();
    }

    @GET
    @Path("{version}")
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("model") String model, @PathParam("version") String version) {
        if (!LandingKey.isValidName(model)) {
            return error(400, "not a model name: " + model);
        }
        if (!LandingKey.isValidName(version)) {
            return error(400, "not a version: " + version);
        }
        return store.readIfExists(Buckets.REPORTS, Buckets.reportPageKey(model, version))
                .map(html -> Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).build())
                .orElseGet(() -> error(404, "no report of version " + version + " of model " + model));
    }

    private record Entry(String evaluatedAt, ReportPage.IndexRow row) {
    }

    private static Entry entry(String model, String version, byte[] json) {
        try {
            JsonNode report = EventJson.mapper().readTree(json);
            JsonNode verdict = report.path("verdict");
            String at = report.path("evaluatedAt").asText(null);
            return new Entry(at, new ReportPage.IndexRow(version, at, verdict.path("promoted").asBoolean(),
                    verdict.path("reason").asText(""), percent(verdict.get("candidateAccuracy")),
                    percent(verdict.get("championAccuracy")), "/reports/" + model + "/" + version + "/"));
        } catch (IOException e) {
            return new Entry(null, new ReportPage.IndexRow(version, null, false, "unreadable report.json", "–", "–",
                    "/reports/" + model + "/" + version + "/"));
        }
    }

    private static String percent(JsonNode value) {
        return value == null || !value.isNumber() ? "–" : String.format(Locale.ROOT, "%.2f %%", value.asDouble() * 100);
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", message)).build();
    }
}
