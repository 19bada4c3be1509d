package dev.prequel.serving.oip;

import dev.prequel.model.image.ImageShape;
import dev.prequel.serving.budget.InputBudget;
import dev.prequel.serving.input.ImageDecoding;
import dev.prequel.serving.input.InputRejectedException;
import dev.prequel.serving.input.ModelInputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Turns the request's one input tensor into images in the model's CHW pixel layout, checking the declared shape
 * against the data and every value against its datatype's range. {@code image} is a BYTES tensor of shape [N]
 * (encoded images: base64 strings in JSON, raw bytes in binary); {@code pixels} is a UINT8 (0..255) or FP32
 * (0..1) tensor of shape [N, C, H, W] or [C, H, W].
 */
final class InputTensorDecoder {

    static final String IMAGE_INPUT = "image";
    static final String PIXELS_INPUT = "pixels";

    private InputTensorDecoder() {
    }

    /** Decodes encoded images on the caller's thread alone. */
    static List<byte[]> images(InferenceRequest request, InputBudget budget) {
        return images(request, budget, null);
    }

    /** @param decoding shares a large request's encoded images with idle threads; null decodes them here */
    static List<byte[]> images(InferenceRequest request, InputBudget budget, ImageDecoding decoding) {
        if (request.inputs().size() != 1) {
            throw new InputRejectedException("expected exactly one input tensor ('" + IMAGE_INPUT + "' or '"
                    + PIXELS_INPUT + "'), got " + request.inputs().size());
        }
        InferenceRequest.Input input = request.inputs().get(0);
        if (!IMAGE_INPUT.equals(input.name()) && !PIXELS_INPUT.equals(input.name())) {
            throw new InputRejectedException("unknown input '" + input.name() + "': the model takes '" + IMAGE_INPUT
                    + "' (BYTES) or '" + PIXELS_INPUT + "' (UINT8, FP32)");
        }
        return switch (input.datatype().toUpperCase(Locale.ROOT)) {
            case "BYTES" -> encoded(input, budget, decoding);
            case "UINT8", "FP32" -> pixels(input, budget);
            default -> throw new InputRejectedException("datatype " + input.datatype()
                    + " is not supported; use BYTES, UINT8 or FP32");
        };
    }

    private static List<byte[]> encoded(InferenceRequest.Input input, InputBudget budget, ImageDecoding decoding) {
        if (input.shape().length != 1) {
            throw new InputRejectedException("a BYTES input has shape [N], got " + Arrays.toString(input.shape()));
        }
        long declared = input.shape()[0];
        budget.checkImages(declared);
        List<byte[]> elements;
        if (input.data() instanceof TensorData.Texts t) {
            elements = t.values().stream().map(InputTensorDecoder::base64).toList();
        } else if (input.data() instanceof TensorData.Binary b) {
            elements = BinaryTensors.readBytesElements(b.buffer(), b.offset(), b.length(), declared);
        } else {
            throw new InputRejectedException("BYTES elements are base64 strings in JSON, not numbers");
        }
        if (elements.size() != declared) {
            throw new InputRejectedException("shape [" + declared + "] declares " + declared + " images, the data has "
                    + elements.size());
        }
        if (elements.isEmpty()) {
            throw new InputRejectedException("the request has no image");
        }
        return decoding != null ? decoding.decode(elements, budget) : ImageDecoding.decodeHere(elements, budget);
    }

    private static byte[] base64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new InputRejectedException("BYTES elements must be base64-encoded images in JSON");
        }
    }

    private static List<byte[]> pixels(InferenceRequest.Input input, InputBudget budget) {
        ImageShape shape = budget.shape();
        long[] dims = input.shape();
        long n = imageCount(dims, shape);
        budget.checkImages(n);
        boolean fp32 = input.datatype().equalsIgnoreCase("FP32");
        int width = fp32 ? 4 : 1;
        long expected = n * shape.size();
        if (input.data() instanceof TensorData.Texts) {
            throw new InputRejectedException(input.datatype() + " data must be numbers");
        }
        long actual = input.data() instanceof TensorData.Binary b ? b.length() : input.data().count();
        if (actual != (input.data() instanceof TensorData.Binary ? expected * width : expected)) {
            throw new InputRejectedException("shape " + Arrays.toString(dims) + " declares " + expected + " "
                    + input.datatype() + " values, the data has "
                    + (input.data() instanceof TensorData.Binary ? actual + " bytes" : actual + " values"));
        }
        List<byte[]> images = new ArrayList<>((int) n);
        int size = shape.size();
        for (int i = 0; i < n; i++) {
            byte[] pixels = new byte[size];
            int base = i * size;
            if (input.data() instanceof TensorData.Numbers v) {
                for (int k = 0; k < size; k++) {
                    double x = v.values()[base + k];
                    pixels[k] = fp32 ? ModelInputs.fp32(x, base + k) : ModelInputs.uint8(x, base + k);
                }
            } else if (input.data() instanceof TensorData.Binary b && fp32) {
                for (int k = 0; k < size; k++) {
                    float x = BinaryTensors.readFloat(b.buffer(), b.offset() + 4 * (base + k));
                    pixels[k] = ModelInputs.fp32(x, base + k);
                }
            } else if (input.data() instanceof TensorData.Binary b) {
                System.arraycopy(b.buffer(), b.offset() + base, pixels, 0, size); // every byte is a valid UINT8
            }
            images.add(pixels);
        }
        return images;
    }

    /** N from [N, C, H, W] or [C, H, W] (one image), which must match the model's C, H, W. */
    private static long imageCount(long[] dims, ImageShape shape) {
        long[] chw = {shape.channels(), shape.height(), shape.width()};
        if (dims.length == 4 && Arrays.equals(Arrays.copyOfRange(dims, 1, 4), chw) && dims[0] > 0) {
            return dims[0];
        }
        if (dims.length == 3 && Arrays.equals(dims, chw)) {
            return 1;
        }
        throw new InputRejectedException("a pixel tensor has shape [N, " + shape.channels() + ", " + shape.height()
                + ", " + shape.width() + "] (this model's C, H, W), got " + Arrays.toString(dims));
    }
}
