package dev.prequel.model.image;

/**
 * Separable resampling of one float plane: area averaging along an axis that shrinks, bilinear
 * interpolation (pixel centres aligned, edges clamped) along an axis that grows.
 */
final class Resampler {

    private Resampler() {
    }

    static float[] resize(float[] source, int sourceWidth, int sourceHeight, int targetWidth, int targetHeight) {
        Weights horizontal = Weights.of(sourceWidth, targetWidth);
        Weights vertical = Weights.of(sourceHeight, targetHeight);
        float[] rows = new float[targetWidth * sourceHeight];
        for (int y = 0; y < sourceHeight; y++) {
            for (int x = 0; x < targetWidth; x++) {
                rows[y * targetWidth + x] = horizontal.apply(source, y * sourceWidth, 1, x);
            }
        }
        float[] out = new float[targetWidth * targetHeight];
        for (int y = 0; y < targetHeight; y++) {
            for (int x = 0; x < targetWidth; x++) {
                out[y * targetWidth + x] = vertical.apply(rows, x, targetWidth, y);
            }
        }
        return out;
    }

    /** For every output index along one axis: the source indices it reads and their weights. */
    private record Weights(int[][] indices, float[][] weights) {

        static Weights of(int sourceLength, int targetLength) {
            int[][] indices = new int[targetLength][];
            float[][] weights = new float[targetLength][];
            double scale = (double) sourceLength / targetLength;
            for (int i = 0; i < targetLength; i++) {
                if (scale > 1) {
                    area(i, scale, sourceLength, indices, weights);
                } else {
                    bilinear(i, scale, sourceLength, indices, weights);
                }
            }
            return new Weights(indices, weights);
        }

        /** Output pixel i covers [i*scale, (i+1)*scale) of the source; each source pixel counts by its overlap. */
        private static void area(int i, double scale, int sourceLength, int[][] indices, float[][] weights) {
            double start = i * scale;
            double end = Math.min((i + 1) * scale, sourceLength);
            int first = (int) Math.floor(start);
            int last = Math.min((int) Math.ceil(end) - 1, sourceLength - 1);
            int n = last - first + 1;
            indices[i] = new int[n];
            weights[i] = new float[n];
            for (int k = 0; k < n; k++) {
                int s = first + k;
                double overlap = Math.min(end, s + 1) - Math.max(start, s);
                indices[i][k] = s;
                weights[i][k] = (float) (overlap / (end - start));
            }
        }

        private static void bilinear(int i, double scale, int sourceLength, int[][] indices, float[][] weights) {
            double centre = Math.max(0, (i + 0.5) * scale - 0.5);
            int left = Math.min((int) Math.floor(centre), sourceLength - 1);
            int right = Math.min(left + 1, sourceLength - 1);
            float fraction = (float) (centre - left);
            indices[i] = new int[] {left, right};
            weights[i] = new float[] {1 - fraction, fraction};
        }

        float apply(float[] data, int base, int stride, int outputIndex) {
            int[] idx = indices[outputIndex];
            float[] w = weights[outputIndex];
            float sum = 0;
            for (int k = 0; k < idx.length; k++) {
                sum += w[k] * data[base + idx[k] * stride];
            }
            return sum;
        }
    }
}
