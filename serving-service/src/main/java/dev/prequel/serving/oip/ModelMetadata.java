package dev.prequel.serving.oip;

import java.util.List;

/**
 * Open Inference Protocol v2 model metadata. Inputs have distinct names: {@code image} takes encoded images,
 * {@code pixels} a pixel tensor (UINT8 0..255, or FP32 0..1 as the request's datatype says).
 */
public record ModelMetadata(String name, List<String> versions, String platform, List<Tensor> inputs,
        List<Tensor> outputs, List<String> classes) {

    public record Tensor(String name, String datatype, List<Long> shape) {
    }
}
