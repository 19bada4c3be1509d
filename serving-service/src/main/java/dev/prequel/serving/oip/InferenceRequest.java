package dev.prequel.serving.oip;

import java.util.List;

/**
 * An Open Inference Protocol v2 inference request, after the JSON header and any binary tensors were read.
 *
 * @param id echoed in the response when present
 * @param outputs the outputs asked for; empty means all
 * @param binaryDataOutput {@code parameters.binary_data_output}: every output in binary unless it says otherwise
 */
record InferenceRequest(String id, List<Input> inputs, List<RequestedOutput> outputs, boolean binaryDataOutput) {

    record Input(String name, String datatype, long[] shape, TensorData data) {
    }

    /** @param binary the output's {@code parameters.binary_data}; null when not given */
    record RequestedOutput(String name, Boolean binary) {
    }
}
