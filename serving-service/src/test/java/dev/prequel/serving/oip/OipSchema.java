package dev.prequel.serving.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Open Inference Protocol's published REST schema ({@code oip/open_inference_rest.yaml}, copied from
 * kserve/open-inference-protocol): a response checked here is one a generated client accepts.
 */
final class OipSchema {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    private static final ObjectMapper JSON = new ObjectMapper();

    private OipSchema() {
    }

    /** The problems of {@code json} as a {@code components/schemas/<name>}; empty when it conforms. */
    static String problems(String name, String json) {
        try {
            JsonNode node = JSON.readTree(json);
            JsonSchema schema = FACTORY.getSchema(
                    SchemaLocation.of("classpath:oip/open_inference_rest.yaml#/components/schemas/" + name));
            Set<ValidationMessage> messages = schema.validate(node);
            return messages.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; "));
        } catch (java.io.IOException e) {
            return "not JSON: " + e.getMessage();
        }
    }

    static void assertConforms(String name, String json) {
        String problems = problems(name, json);
        if (!problems.isEmpty()) {
            throw new AssertionError(name + ": " + problems + " in " + json);
        }
    }
}
