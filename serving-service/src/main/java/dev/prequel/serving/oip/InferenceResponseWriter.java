package dev.prequel.serving.oip;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.prequel.model.predict.ImageClassifier;
import dev.prequel.serving.batch.Scores;
import dev.prequel.serving.input.InputRejectedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes an inference response: {@code label} (BYTES [N], the most probable class) and {@code probabilities}
 * (FP32 [N, classes]), or those the request asked for. An output asked for in binary carries
 * {@code parameters.binary_data_size} instead of {@code data}, and its bytes follow the JSON in output order; the
 * response is then {@code application/octet-stream} with the JSON's length in {@code Inference-Header-Content-Length}.
 */
final class InferenceResponseWriter {

    static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    static final String LABEL = "label";
    static final String PROBABILITIES = "probabilities";
    private static final List<String> OUTPUTS = List.of(LABEL, PROBABILITIES);
    private static final JsonFactory JSON = new JsonFactory();

    private InferenceResponseWriter() {
    }

    /** The outputs to write and whether each is binary; checked before any work is queued. */
    record Plan(List<String> names, Set<String> binary) {
        boolean anyBinary() {
            return !binary.isEmpty();
        }
    }

    static Plan plan(InferenceRequest request) {
        if (request.outputs().isEmpty()) {
            return new Plan(OUTPUTS, request.binaryDataOutput() ? Set.copyOf(OUTPUTS) : Set.of());
        }
        List<String> names = new ArrayList<>();
        Set<String> binary = new LinkedHashSet<>();
        for (InferenceRequest.RequestedOutput o : request.outputs()) {
            if (!OUTPUTS.contains(o.name())) {
                throw new InputRejectedException("unknown output '" + o.name() + "': the model has " + OUTPUTS);
            }
            if (!names.contains(o.name())) {
                names.add(o.name());
            }
            if (o.binary() != null ? o.binary() : request.binaryDataOutput()) {
                binary.add(o.name());
            }
        }
        return new Plan(names, binary);
    }

    static Response write(String model, InferenceRequest request, Plan plan, Scores scores) {
        int n = scores.probabilities().length;
        int classes = scores.classes().size();
        List<String> labels = new ArrayList<>(n);
        for (float[] row : scores.probabilities()) {
            labels.add(ImageClassifier.top(row, scores.classes(), 1).get(0).label());
        }
        ByteArrayOutputStream binary = new ByteArrayOutputStream();
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(json)) {
            g.writeStartObject();
            g.writeStringField("model_name", model);
            g.writeStringField("model_version", scores.version());
            if (request.id() != null) {
                g.writeStringField("id", request.id()); // the schema has no null id: omitted when not asked
            }
            g.writeArrayFieldStart("outputs");
            for (String name : plan.names()) {
                g.writeStartObject();
                g.writeStringField("name", name);
                boolean isLabel = name.equals(LABEL);
                g.writeStringField("datatype", isLabel ? "BYTES" : "FP32");
                g.writeArrayFieldStart("shape");
                g.writeNumber(n);
                if (!isLabel) {
                    g.writeNumber(classes);
                }
                g.writeEndArray();
                if (plan.binary().contains(name)) {
                    byte[] bytes = isLabel ? BinaryTensors.writeBytesElements(labels)
                            : BinaryTensors.writeFloats(scores.probabilities());
                    binary.writeBytes(bytes);
                    g.writeObjectFieldStart("parameters");
                    g.writeNumberField("binary_data_size", bytes.length);
                    g.writeEndObject();
                } else {
                    g.writeArrayFieldStart("data");
                    if (isLabel) {
                        for (String l : labels) {
                            g.writeString(l);
                        }
                    } else {
                        for (float[] row : scores.probabilities()) {
                            for (float v : row) {
                                g.writeNumber(v);
                            }
                        }
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!plan.anyBinary()) {
            return Response.ok(json.toByteArray(), MediaType.APPLICATION_JSON_TYPE).build();
        }
        int headerLength = json.size();
        json.writeBytes(binary.toByteArray());
        return Response.ok(json.toByteArray(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(HEADER_LENGTH, headerLength).build();
    }
}
