package dev.prequel.serving.oip;

import java.util.List;

/** A request tensor's values as they arrived, without a JSON object per value. */
sealed interface TensorData {

    int count();

    /** JSON numbers, in row-major order. */
    record Numbers(double[] values, int count) implements TensorData {
    }

    /** JSON strings (BYTES elements, base64). */
    record Texts(List<String> values) implements TensorData {
        @Override
        public int count() {
            return values.size();
        }
    }

    /** The raw little-endian bytes of the binary tensor data extension. */
    record Binary(byte[] buffer, int offset, int length) implements TensorData {
        @Override
        public int count() {
            return length;
        }
    }
}
