package dev.prequel.serving.oip;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** The schema check itself must be able to fail: what the issue saw is refused. */
class OipSchemaTest {

    @Test
    void refusesWhatTheProtocolDoesNotAllow() {
        OipSchema.assertConforms("inference_response",
                "{\"model_name\":\"m\",\"outputs\":[{\"name\":\"o\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1]}]}");
        assertFalse(OipSchema.problems("inference_response", "{\"model_name\":\"m\",\"id\":null,\"outputs\":[]}").isEmpty(),
                "a null id");
        assertFalse(OipSchema.problems("metadata_server_response", "{\"name\":\"s\",\"version\":\"1\"}").isEmpty(),
                "server metadata without extensions");
        assertFalse(OipSchema.problems("inference_error_response", "{\"error\":3}").isEmpty(), "a non-string error");
    }
}
