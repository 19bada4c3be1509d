package dev.prequel.benchmarks.serving;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * OIP v2 infer requests as clients send them: JSON with base64 BYTES elements, or the binary tensor extension
 * (a JSON header, whose length goes into {@code Inference-Header-Content-Length}, then each BYTES element as a
 * 4-byte little-endian length and its bytes), asking for the probabilities in binary too.
 */
record InferBodies(byte[] body, int headerLength, int images) {

    static InferBodies json(List<byte[]> pngs) {
        StringBuilder data = new StringBuilder();
        for (byte[] png : pngs) {
            data.append(data.length() == 0 ? "" : ",").append('"').append(Base64.getEncoder().encodeToString(png))
                    .append('"');
        }
        String json = "{\"inputs\":[{\"name\":\"image\",\"shape\":[" + pngs.size()
                + "],\"datatype\":\"BYTES\",\"data\":[" + data + "]}]}";
        return new InferBodies(json.getBytes(StandardCharsets.UTF_8), -1, pngs.size());
    }

    static InferBodies binary(List<byte[]> pngs) {
        ByteArrayOutputStream tensor = new ByteArrayOutputStream();
        for (byte[] png : pngs) {
            tensor.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(png.length).array());
            tensor.writeBytes(png);
        }
        byte[] header = ("{\"inputs\":[{\"name\":\"image\",\"shape\":[" + pngs.size() + "],\"datatype\":\"BYTES\","
                + "\"parameters\":{\"binary_data_size\":" + tensor.size() + "}}],\"outputs\":[{\"name\":\"label\"},"
                + "{\"name\":\"probabilities\",\"parameters\":{\"binary_data\":true}}]}")
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(header);
        body.writeBytes(tensor.toByteArray());
        return new InferBodies(body.toByteArray(), header.length, pngs.size());
    }

    boolean isBinary() {
        return headerLength >= 0;
    }
}
