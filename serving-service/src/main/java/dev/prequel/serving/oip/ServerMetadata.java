package dev.prequel.serving.oip;

import java.util.List;

/** Open Inference Protocol v2 server metadata ({@code GET /v2}). */
public record ServerMetadata(String name, String version, List<String> extensions) {

    /** Triton's name for the binary tensor data extension, which clients look for. */
    public static final String BINARY_TENSOR_DATA = "binary_tensor_data";
}
