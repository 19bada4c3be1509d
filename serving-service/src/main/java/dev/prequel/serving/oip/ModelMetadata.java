package dev.prequel.serving.oip;

import java.util.List;

/** Open Inference Protocol v2 model metadata. */
public record ModelMetadata(String name, List<String> versions, String platform, List<Tensor> inputs,
        List<Tensor> outputs, List<String> classes) {

    public record Tensor(String name, String datatype, List<Long> shape) {
    }
}
