package dev.prequel.serving.oip;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** Open Inference Protocol v2 request body. */
public record InferenceRequest(String id, List<Input> inputs, Map<String, Object> parameters) {

    /**
     * @param datatype {@code BYTES} (base64-encoded PNG/JPEG, one per element), {@code UINT8} (pixels 0-255)
     *                 or {@code FP32} (pixels 0-1), tensors in the model's C×H×W order
     * @param data flat or nested, row-major
     */
    public record Input(String name, List<Long> shape, String datatype, JsonNode data) {
    }
}
