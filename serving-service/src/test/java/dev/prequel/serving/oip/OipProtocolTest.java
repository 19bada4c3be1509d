package dev.prequel.serving.oip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prequel.events.Buckets;
import dev.prequel.events.ModelPromoted;
import dev.prequel.events.Topics;
import dev.prequel.localstack.EventProbe;
import dev.prequel.localstack.LocalStack;
import dev.prequel.localstack.LocalStackResource;
import dev.prequel.localstack.SampleDrops;
import dev.prequel.localstack.StackObjects;
import dev.prequel.model.artifact.LocalModels;
import dev.prequel.model.image.ImageDecoder;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.image.PixelConverter;
import dev.prequel.model.shard.Example;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Open Inference Protocol v2 as clients use it, over real HTTP against real models: every answer checked
 * against the protocol's published schema, the binary extension driven the way tritonclient drives it.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class OipProtocolTest {

    private static final String MODEL = "oip-a";
    private static final ImageShape SHAPE = new ImageShape(1, 28, 28);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean promoted;

    LocalStack stack;
    @TestHTTPResource("/")
    URI root;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private SampleDrops sample;

    @BeforeEach
    void twoVersions() throws Exception {
        sample = SampleDrops.load(SampleDrops.locateSample());
        if (promoted) {
            return;
        }
        try (EventProbe probe = new EventProbe(stack, Topics.ERRORS)) {
            promote(probe, "o-v1", 2, 0);
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> get("/v2/models/" + MODEL).statusCode() == 200);
            promote(probe, "o-v2", 1, 40);
            Awaitility.await().atMost(Duration.ofMinutes(2))
                    .until(() -> get("/v2/models/" + MODEL).body().contains("\"o-v2\""));
        }
        promoted = true;
    }

    private void promote(EventProbe probe, String version, int epochs, int from) throws Exception {
        List<Example> train = sample.slice(from, 40).stream().map(i -> new Example(sample.labels().indexOf(i.label()),
                PixelConverter.toPixels(ImageDecoder.decode(i.bytes()), SHAPE))).toList();
        Path dir = Files.createTempDirectory("model");
        LocalModels.trainAndSave(dir, MODEL, version, "cnn", SHAPE, sample.labels(), train, epochs, 5);
        new StackObjects(stack).uploadDirectory(Buckets.MODELS, Buckets.modelPrefix(MODEL, version), dir);
        probe.publish(new ModelPromoted(MODEL, version, null, Buckets.modelPrefix(MODEL, version), 0.9, "evaluation",
                Instant.now(), "oip-" + version));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(root.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST without a Content-Type, as tritonclient sends it. */
    private HttpResponse<byte[]> post(String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(root.resolve(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> post(String path, String json) throws Exception {
        return post(path, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static String bytesRequest(List<byte[]> images, String id) {
        StringBuilder data = new StringBuilder();
        for (byte[] i : images) {
            data.append(data.length() == 0 ? "" : ",").append('"').append(Base64.getEncoder().encodeToString(i)).append('"');
        }
        return "{" + (id == null ? "" : "\"id\":\"" + id + "\",") + "\"inputs\":[{\"name\":\"image\",\"shape\":["
                + images.size() + "],\"datatype\":\"BYTES\",\"data\":[" + data + "]}]}";
    }

    private List<byte[]> pngs(int n) {
        return sample.slice(180, 1).stream().limit(n).map(SampleDrops.LabelledImage::bytes).toList();
    }

    private static void assertError(int status, HttpResponse<byte[]> r) {
        assertEquals(status, r.statusCode(), text(r));
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"), r.headers().toString());
        OipSchema.assertConforms("inference_error_response", text(r));
    }

    @Test
    void serverAndModelMetadataAndEveryVersionedPathAnswerAsTheSchemaSays() throws Exception {
        HttpResponse<String> server = get("/v2");
        assertEquals(200, server.statusCode());
        OipSchema.assertConforms("metadata_server_response", server.body());
        assertTrue(JSON.readTree(server.body()).get("extensions").toString().contains("binary_tensor_data"));
        assertEquals(200, get("/v2/health/live").statusCode());
        assertEquals(200, get("/v2/health/ready").statusCode());

        HttpResponse<String> model = get("/v2/models/" + MODEL);
        OipSchema.assertConforms("metadata_model_response", model.body());
        JsonNode meta = JSON.readTree(model.body());
        assertEquals("[\"o-v2\",\"o-v1\"]", meta.get("versions").toString(), "served first, then the previous one");
        assertFalse(meta.get("inputs").get(0).get("name").equals(meta.get("inputs").get(1).get("name")),
                "input names are distinct");

        for (String version : List.of("o-v1", "o-v2")) {
            String base = "/v2/models/" + MODEL + "/versions/" + version;
            OipSchema.assertConforms("metadata_model_response", get(base).body());
            assertEquals(200, get(base + "/ready").statusCode());
            HttpResponse<byte[]> r = post(base + "/infer", bytesRequest(pngs(2), "v"));
            assertEquals(200, r.statusCode(), text(r));
            OipSchema.assertConforms("inference_response", text(r));
            assertEquals(version, JSON.readTree(r.body()).get("model_version").asText());
        }
        HttpResponse<String> missing = get("/v2/models/" + MODEL + "/versions/o-v0");
        assertEquals(404, missing.statusCode());
        OipSchema.assertConforms("metadata_model_error_response", missing.body());
        assertEquals(404, get("/v2/models/" + MODEL + "/versions/o-v0/ready").statusCode());
        assertError(404, post("/v2/models/" + MODEL + "/versions/o-v0/infer", bytesRequest(pngs(1), null)));
        assertError(404, post("/v2/models/nope/infer", bytesRequest(pngs(1), null)));
        HttpResponse<String> unknownPath = get("/v2/models/" + MODEL + "/versions/o-v1/nothing");
        assertEquals(404, unknownPath.statusCode());
        OipSchema.assertConforms("inference_error_response", unknownPath.body());
        HttpResponse<String> wrongMethod = get("/v2/models/" + MODEL + "/infer");
        assertEquals(405, wrongMethod.statusCode());
        OipSchema.assertConforms("inference_error_response", wrongMethod.body());
    }

    @Test
    void jsonRequestsWorkWithOrWithoutAContentTypeAndAnIdIsEchoedOnlyWhenSent() throws Exception {
        HttpResponse<byte[]> anonymous = post("/v2/models/" + MODEL + "/infer", bytesRequest(pngs(3), null));
        assertEquals(200, anonymous.statusCode(), text(anonymous));
        OipSchema.assertConforms("inference_response", text(anonymous));
        assertFalse(JSON.readTree(anonymous.body()).has("id"));

        HttpResponse<byte[]> typed = post("/v2/models/" + MODEL + "/infer",
                bytesRequest(pngs(3), "r-1").getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
        assertEquals(200, typed.statusCode());
        JsonNode body = JSON.readTree(typed.body());
        assertEquals("r-1", body.get("id").asText());
        assertEquals(JSON.readTree(anonymous.body()).get("outputs").get(0), body.get("outputs").get(0));
        assertEquals("[3,10]", body.get("outputs").get(1).get("shape").toString());
    }

    /** Like tritonclient: the JSON header, then raw little-endian tensors; the reply parsed the same way. */
    @Test
    void theBinaryTensorExtensionWorksBothWays() throws Exception {
        List<byte[]> images = pngs(4);
        JsonNode reference = JSON.readTree(post("/v2/models/" + MODEL + "/infer", bytesRequest(images, null)).body());
        List<String> labels = new ArrayList<>();
        reference.get("outputs").get(0).get("data").forEach(l -> labels.add(l.asText()));
        float[] probabilities = new float[40];
        for (int i = 0; i < 40; i++) {
            probabilities[i] = (float) reference.get("outputs").get(1).get("data").get(i).asDouble();
        }

        // BYTES input in binary, both outputs asked for in binary.
        ByteArrayOutputStream tensor = new ByteArrayOutputStream();
        for (byte[] png : images) {
            tensor.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(png.length).array());
            tensor.writeBytes(png);
        }
        String header = "{\"inputs\":[{\"name\":\"image\",\"shape\":[4],\"datatype\":\"BYTES\","
                + "\"parameters\":{\"binary_data_size\":" + tensor.size() + "}}],\"outputs\":["
                + "{\"name\":\"probabilities\",\"parameters\":{\"binary_data\":true}},"
                + "{\"name\":\"label\",\"parameters\":{\"binary_data\":true}}]}";
        Reply reply = binary(header, tensor.toByteArray());
        assertEquals(List.of("probabilities", "label"), reply.names());
        assertArrayEquals(probabilities, reply.floats("probabilities"), 1e-4f);
        assertEquals(labels, reply.strings("label"));

        // FP32 pixels on the 0..1 scale in binary; every output in binary by the request-level parameter.
        ByteBuffer pixels = ByteBuffer.allocate(4 * SHAPE.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] png : images) {
            for (byte p : PixelConverter.toPixels(ImageDecoder.decode(png), SHAPE)) {
                pixels.putFloat((p & 0xff) / 255f);
            }
        }
        String fp32 = "{\"id\":\"f\",\"inputs\":[{\"name\":\"pixels\",\"shape\":[4,1,28,28],\"datatype\":\"FP32\","
                + "\"parameters\":{\"binary_data_size\":" + pixels.capacity() + "}}],"
                + "\"parameters\":{\"binary_data_output\":true}}";
        Reply fromPixels = binary(fp32, pixels.array());
        assertEquals(labels, fromPixels.strings("label"));
        assertArrayEquals(probabilities, fromPixels.floats("probabilities"), 1e-4f);
    }

    private record Reply(JsonNode header, byte[] body, int headerLength) {
        List<String> names() {
            List<String> out = new ArrayList<>();
            header.get("outputs").forEach(o -> out.add(o.get("name").asText()));
            return out;
        }

        /** The output's bytes: outputs' binary parts follow the header in output order. */
        ByteBuffer part(String name) {
            int at = headerLength;
            for (JsonNode o : header.get("outputs")) {
                int size = o.get("parameters").get("binary_data_size").asInt();
                if (o.get("name").asText().equals(name)) {
                    return ByteBuffer.wrap(body, at, size).slice().order(ByteOrder.LITTLE_ENDIAN);
                }
                at += size;
            }
            throw new AssertionError("no output " + name);
        }

        float[] floats(String name) {
            ByteBuffer b = part(name);
            float[] out = new float[b.remaining() / 4];
            b.asFloatBuffer().get(out);
            return out;
        }

        List<String> strings(String name) {
            ByteBuffer b = part(name);
            List<String> out = new ArrayList<>();
            while (b.hasRemaining()) {
                byte[] s = new byte[b.getInt()];
                b.get(s);
                out.add(new String(s, StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    private Reply binary(String header, byte[] tensors) throws Exception {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[json.length + tensors.length];
        System.arraycopy(json, 0, body, 0, json.length);
        System.arraycopy(tensors, 0, body, json.length, tensors.length);
        HttpResponse<byte[]> r = post("/v2/models/" + MODEL + "/infer", body, "Content-Type", "application/octet-stream",
                "Inference-Header-Content-Length", String.valueOf(json.length));
        assertEquals(200, r.statusCode(), text(r));
        assertEquals("application/octet-stream", r.headers().firstValue("content-type").orElse(""));
        int length = Integer.parseInt(r.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        JsonNode parsed = JSON.readTree(new String(r.body(), 0, length, StandardCharsets.UTF_8));
        assertEquals(MODEL, parsed.get("model_name").asText());
        return new Reply(parsed, r.body(), length);
    }

    @Test
    void badRequestsGetAJsonErrorWithTheRightStatus() throws Exception {
        String infer = "/v2/models/" + MODEL + "/infer";
        assertError(400, post(infer, "{\"inputs\": [ {\"name\":"));
        assertError(400, post(infer, "{\"inputs\":[{\"name\":\"pixels\",\"shape\":[1,1,28,28],\"datatype\":\"UINT8\","
                + "\"data\":[" + "0,".repeat(783) + "300]}]}"));
        assertError(400, post(infer, "{\"inputs\":[{\"name\":\"pixels\",\"shape\":[1,1,28,28],\"datatype\":\"UINT8\","
                + "\"data\":[" + "0,".repeat(783) + "-1]}]}"));
        HttpResponse<byte[]> scale = post(infer, "{\"inputs\":[{\"name\":\"pixels\",\"shape\":[1,1,28,28],"
                + "\"datatype\":\"FP32\",\"data\":[" + "0,".repeat(783) + "255.0]}]}");
        assertError(400, scale);
        assertTrue(text(scale).contains("0..1"), text(scale));
        String one = Base64.getEncoder().encodeToString(pngs(1).get(0));
        assertError(400, post(infer, "{\"inputs\":[{\"name\":\"image\",\"shape\":[2],\"datatype\":\"BYTES\","
                + "\"data\":[\"" + one + "\"]}]}"));
        assertError(400, post(infer, "{\"inputs\":[{\"name\":\"pixels\",\"shape\":[1,3,28,28],\"datatype\":\"UINT8\","
                + "\"data\":[" + "0,".repeat(783) + "0]}]}"));

        // An image decodes only up to 64 times the model's pixels (224×224 here), not 4096².
        HttpResponse<byte[]> large = post(infer, bytesRequest(List.of(png(1000, 1000)), null));
        assertError(400, large);
        assertTrue(text(large).startsWith("{\"error\":\"image-too-large"), text(large));
        assertEquals(200, post(infer, bytesRequest(List.of(png(224, 224)), null)).statusCode());

        // Over the body limit (4M): refused from the declared length before the body is read...
        String declared = declareOnly(infer, 9 << 20);
        assertTrue(declared.startsWith("HTTP/1.1 413"), declared);
        String declaredBody = declared.substring(declared.indexOf("\r\n\r\n") + 4);
        OipSchema.assertConforms("inference_error_response", declaredBody);
        // ...and counted as it is read when the length is not declared (chunked).
        byte[] overLimit = new byte[(4 << 20) + 1];
        HttpResponse<byte[]> chunked = http.send(HttpRequest.newBuilder(root.resolve(infer))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(overLimit))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertError(413, chunked);
        // Over the per-request image count.
        assertError(413, post(infer, bytesRequest(java.util.Collections.nCopies(65, pngs(1).get(0)), null)));
        assertError(404, post("/v2/models/made-up-" + System.nanoTime() + "/infer", bytesRequest(pngs(1), null)));

        // What was refused, and how long answers took, are on /q/metrics; a made-up model name is no tag value.
        assertEquals(200, post(infer, bytesRequest(pngs(1), null)).statusCode());
        String metrics = text(http.send(HttpRequest.newBuilder(root.resolve("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofByteArray()));
        assertTrue(metrics.matches("(?s).*prequel_serving_rejected_total\\{[^}]*model=\"" + MODEL
                + "\",reason=\"bad-input\"\\} [1-9].*"), "bad input counted");
        assertTrue(metrics.matches("(?s).*prequel_serving_rejected_total\\{[^}]*reason=\"over-budget\"\\} [1-9].*"));
        assertTrue(metrics.matches("(?s).*prequel_serving_rejected_total\\{[^}]*model=\"unknown\",reason=\"not-served\"\\}.*"));
        assertFalse(metrics.contains("made-up-"), "no client-chosen name in any tag");
        assertTrue(metrics.matches("(?s).*prequel_serving_inference_latency_seconds_bucket\\{[^}]*model=\"" + MODEL
                + "\"[^}]*version=\"o-v2\".*"), "latency histogram per model and version");
        assertTrue(metrics.matches("(?s).*prequel_serving_batch_time_seconds_count\\{[^}]*model=\"" + MODEL
                + "\"\\} [1-9].*"), "forward-pass time per model line");
    }

    /** Sends only the headers of a request declaring {@code length} bytes and reads the answer (JDK 17's client
     * cannot: with Expect: 100-continue it waits forever for a 100). */
    private String declareOnly(String path, long length) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // The server need not close the connection: read the head, then as many bytes as it declares.
            java.io.InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
            }
            String headers = head.toString(StandardCharsets.US_ASCII);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(headers);
            byte[] body = m.find() ? in.readNBytes(Integer.parseInt(m.group(1))) : new byte[0];
            return headers + new String(body, StandardCharsets.UTF_8);
        }
    }

    private static byte[] png(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

}
