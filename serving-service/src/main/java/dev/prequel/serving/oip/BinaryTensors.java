package dev.prequel.serving.oip;

import dev.prequel.serving.input.InputRejectedException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary tensor data extension's encoding: tensors row-major and little-endian; a BYTES element is its
 * length as a 4-byte little-endian integer followed by its bytes.
 */
final class BinaryTensors {
    private BinaryTensors() {
    }

    /** Splits BYTES elements; at most {@code maxElements}, and they must fill the region exactly. */
    static List<byte[]> readBytesElements(byte[] buffer, int offset, int length, long maxElements) {
        ByteBuffer in = ByteBuffer.wrap(buffer, offset, length).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> out = new ArrayList<>();
        while (in.hasRemaining()) {
            if (in.remaining() < 4) {
                throw new InputRejectedException("a BYTES element is cut short in the binary data");
            }
            int size = in.getInt();
            if (size < 0 || size > in.remaining()) {
                throw new InputRejectedException("a BYTES element declares " + Integer.toUnsignedString(size)
                        + " bytes, " + in.remaining() + " remain");
            }
            if (out.size() >= maxElements) {
                throw new InputRejectedException("more BYTES elements than the shape declares");
            }
            byte[] element = new byte[size];
            in.get(element);
            out.add(element);
        }
        return out;
    }

    static float readFloat(byte[] buffer, int offset) {
        return Float.intBitsToFloat((buffer[offset] & 0xff) | (buffer[offset + 1] & 0xff) << 8
                | (buffer[offset + 2] & 0xff) << 16 | (buffer[offset + 3] & 0xff) << 24);
    }

    static byte[] writeBytesElements(List<String> elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        for (String e : elements) {
            byte[] bytes = e.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(length.putInt(0, bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    static byte[] writeFloats(float[][] rows) {
        int n = 0;
        for (float[] r : rows) {
            n += r.length;
        }
        ByteBuffer out = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] r : rows) {
            for (float v : r) {
                out.putFloat(v);
            }
        }
        return out.array();
    }
}
