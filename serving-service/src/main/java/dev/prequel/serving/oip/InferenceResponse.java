package dev.prequel.serving.oip;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Open Inference Protocol v2 response body. */
public record InferenceResponse(@JsonProperty("model_name") String modelName,
        @JsonProperty("model_version") String modelVersion, String id, List<Output> outputs) {

    public record Output(String name, List<Long> shape, String datatype, List<?> data) {
    }
}
