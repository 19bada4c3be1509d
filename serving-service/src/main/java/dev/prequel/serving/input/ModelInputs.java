package dev.prequel.serving.input;

import dev.prequel.model.image.ImageDecoder;
import dev.prequel.model.image.PixelConverter;
import dev.prequel.serving.budget.InputBudget;

/**
 * Turns what clients send into the model's CHW pixel bytes, within the model's budget.
 *
 * <p>Pixel tensors come in the model's channel order and size: {@code UINT8} values are pixels 0..255;
 * {@code FP32} values are the same pixels on the 0..1 scale (pixel / 255, before the model's own normalisation),
 * so 0..255 floats are refused rather than silently clipped to white.
 */
public final class ModelInputs {

    /** FP32 values may stray this far outside 0..1 (rounding in a client's division by 255). */
    static final double FP32_TOLERANCE = 1e-4;

    private ModelInputs() {
    }

    /**
     * Decodes one PNG/JPEG/BMP/GIF image and scales it to the model's shape.
     *
     * @throws dev.prequel.model.image.ImageRejectedException when it is no image or has more pixels than the budget
     */
    public static byte[] fromEncoded(byte[] encoded, InputBudget budget) {
        return PixelConverter.toPixels(ImageDecoder.decode(encoded, budget.maxPixelsPerImage()), budget.shape());
    }

    /** A UINT8 value from JSON: an integer 0..255. */
    public static byte uint8(double value, long index) {
        if (!(value >= 0 && value <= 255) || value != Math.rint(value)) {
            throw new InputRejectedException("UINT8 value " + value + " at index " + index
                    + " is not an integer in 0..255");
        }
        return (byte) (int) value;
    }

    /** An FP32 pixel on the 0..1 scale, as the byte the model normalises. */
    public static byte fp32(double value, long index) {
        if (!(value >= -FP32_TOLERANCE && value <= 1 + FP32_TOLERANCE)) {
            throw new InputRejectedException("FP32 value " + value + " at index " + index
                    + " is outside 0..1: FP32 pixels are intensities divided by 255 (send UINT8 for 0..255)");
        }
        long p = Math.round(value * 255.0);
        return (byte) Math.max(0, Math.min(255, p));
    }
}
