package dev.prequel.serving.oip;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prequel.model.image.ImageDecoder;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.image.PixelConverter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** Turns an OIP input tensor into images in the model's C×H×W pixel layout. */
final class InputDecoder {
    private InputDecoder() {
    }

    static List<byte[]> images(InferenceRequest.Input input, ImageShape shape) {
        if (input == null || input.data() == null || input.datatype() == null) {
            throw new BadInputException("each input needs name, datatype, shape and data");
        }
        List<JsonNode> values = new ArrayList<>();
        flatten(input.data(), values);
        return switch (input.datatype().toUpperCase(Locale.ROOT)) {
            case "BYTES" -> encodedImages(values, shape);
            case "UINT8" -> tensors(values, shape, 1.0);
            case "FP32" -> tensors(values, shape, 255.0);
            default -> throw new BadInputException("datatype " + input.datatype() + " is not supported; use BYTES, UINT8 or FP32");
        };
    }

    private static List<byte[]> encodedImages(List<JsonNode> values, ImageShape shape) {
        List<byte[]> images = new ArrayList<>();
        for (JsonNode v : values) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(v.asText());
            } catch (IllegalArgumentException e) {
                throw new BadInputException("BYTES elements must be base64-encoded images");
            }
            images.add(PixelConverter.toPixels(ImageDecoder.decode(bytes), shape));
        }
        return images;
    }

    private static List<byte[]> tensors(List<JsonNode> values, ImageShape shape, double scale) {
        int size = shape.size();
        if (values.isEmpty() || values.size() % size != 0) {
            throw new BadInputException(values.size() + " values are not a whole number of " + shape + " images");
        }
        List<byte[]> images = new ArrayList<>();
        for (int start = 0; start < values.size(); start += size) {
            byte[] pixels = new byte[size];
            for (int i = 0; i < size; i++) {
                JsonNode v = values.get(start + i);
                if (!v.isNumber()) {
                    throw new BadInputException("tensor values must be numbers");
                }
                long p = Math.round(v.asDouble() * scale);
                pixels[i] = (byte) Math.max(0, Math.min(255, p));
            }
            images.add(pixels);
        }
        return images;
    }

    private static void flatten(JsonNode node, List<JsonNode> out) {
        if (node.isArray()) {
            node.forEach(child -> flatten(child, out));
        } else {
            out.add(node);
        }
    }

    /** Answered with 400 and the message. */
    static final class BadInputException extends RuntimeException {
        BadInputException(String message) {
            super(message);
        }
    }
}
