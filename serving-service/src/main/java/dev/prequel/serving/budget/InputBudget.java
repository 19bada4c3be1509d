package dev.prequel.serving.budget;

import dev.prequel.model.image.ImageShape;

/**
 * What one request may hand a model, derived from the model's input shape: at most {@code maxImages} images,
 * each decoded from at most {@code maxPixelsPerImage} pixels, and at most {@code maxElements} tensor values.
 * A 28×28 model with the default multiple of 64 decodes images up to 50,176 pixels (224×224), not 4096².
 */
public record InputBudget(ImageShape shape, int maxImages, long maxPixelsPerImage, long maxElements) {

    public InputBudget {
        if (maxImages < 1 || maxPixelsPerImage < shape.area()) {
            throw new IllegalArgumentException("a budget must allow one image of the model's own size");
        }
    }

    public static InputBudget of(ImageShape shape, int maxImages, int pixelBudgetMultiple) {
        return new InputBudget(shape, maxImages, (long) shape.area() * Math.max(1, pixelBudgetMultiple),
                (long) maxImages * shape.size());
    }

    /** @throws BudgetExceededException when a request carries more images than one batch holds */
    public void checkImages(long images) {
        if (images > maxImages) {
            throw new BudgetExceededException(images + " images exceed the limit of " + maxImages + " per request");
        }
    }

    /** @throws BudgetExceededException when a tensor has more values than {@code maxImages} images of the shape */
    public void checkElements(long elements) {
        if (elements > maxElements) {
            throw new BudgetExceededException(elements + " tensor values exceed the limit of " + maxElements + " ("
                    + maxImages + " images of " + shape + ")");
        }
    }
}
