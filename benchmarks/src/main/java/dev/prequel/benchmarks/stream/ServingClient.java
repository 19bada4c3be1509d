package dev.prequel.benchmarks.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prequel.events.EventJson;
import dev.prequel.localstack.SampleDrops;
import dev.prequel.localstack.SampleDrops.LabelledImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a user of serving sees: the served version and its class probabilities, over OIP v2 JSON. */
final class ServingClient {

    /** Probabilities of each image's own label, as served by {@code version}. */
    record Scored(String version, double[] labelProbabilities, int right) {
    }

    private static final int BATCH = 50; // serving takes at most 64 images per request
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String model;

    ServingClient(String baseUrl, String model) {
        this.baseUrl = baseUrl;
        this.model = model;
    }

    /** The version served now, if any. */
    Optional<String> servedVersion() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v2/models/" + model)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            return Optional.empty();
        }
        JsonNode versions = EventJson.mapper().readTree(r.body()).path("versions");
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(0).asText());
    }

    void awaitServed(String version, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (servedVersion().filter(version::equals).isPresent()) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("serving did not serve " + version + " within " + timeout);
    }

    /** Scores every image; each answer must come from one version, or the figures would mix models. */
    Scored score(List<LabelledImage> images) throws IOException, InterruptedException {
        double[] p = new double[images.size()];
        int right = 0;
        String version = null;
        List<String> classes = classes();
        for (int from = 0; from < images.size(); from += BATCH) {
            List<LabelledImage> batch = images.subList(from, Math.min(images.size(), from + BATCH));
            JsonNode answer = infer(batch);
            String v = answer.path("model_version").asText();
            if (version != null && !version.equals(v)) {
                throw new IllegalStateException("served version changed from " + version + " to " + v + " while scoring");
            }
            version = v;
            List<Double> probabilities = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (JsonNode output : answer.path("outputs")) {
                if (output.path("name").asText().equals("probabilities")) {
                    output.path("data").forEach(d -> probabilities.add(d.asDouble()));
                } else if (output.path("name").asText().equals("label")) {
                    output.path("data").forEach(d -> labels.add(d.asText()));
                }
            }
            for (int i = 0; i < batch.size(); i++) {
                int c = classes.indexOf(batch.get(i).label());
                p[from + i] = c < 0 ? 0 : probabilities.get(i * classes.size() + c);
                right += batch.get(i).label().equals(labels.get(i)) ? 1 : 0;
            }
        }
        return new Scored(version, p, right);
    }

    private List<String> classes() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v2/models/" + model)).build(),
                HttpResponse.BodyHandlers.ofString());
        List<String> classes = new ArrayList<>();
        EventJson.mapper().readTree(r.body()).path("classes").forEach(c -> classes.add(c.asText()));
        return classes;
    }

    private JsonNode infer(List<LabelledImage> images) throws IOException, InterruptedException {
        String body = SampleDrops.inferRequestJson(images);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v2/models/" + model + "/infer"))
                .header("content-type", "application/json").timeout(Duration.ofMinutes(1))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("infer answered " + r.statusCode() + ": " + r.body());
        }
        return EventJson.mapper().readTree(r.body());
    }
}
