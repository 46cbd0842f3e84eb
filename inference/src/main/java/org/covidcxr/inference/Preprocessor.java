package org.covidcxr.inference;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.covidcxr.dicom.Photometric;
import org.covidcxr.dicom.XrayImage;

/**
 * The one preprocessing path of training, evaluation and inference: {@link XrayImage} (modality values) →
 * {@link PreparedImage}. Deterministic and independent of any display window the user chose:
 * <ol>
 *   <li>clip the modality values to the image's own {@value #LOW_PERCENTILE} / {@value #HIGH_PERCENTILE}
 *       percentiles and scale that range linearly to [0, 1] (robust to burnt-in labels and collimator edges; works
 *       the same for 8-bit PNGs without a window and for 12–16-bit DICOM whose VOI window may be missing or
 *       chosen for another purpose);</li>
 *   <li>invert MONOCHROME1 so that bone is bright in every input;</li>
 *   <li>resize preserving the aspect ratio so that the longer side fills the input (area averaging when shrinking,
 *       bilinear when enlarging), centred on a black (0) square;</li>
 *   <li>standardise with fixed constants: {@code (v - }{@value #MEAN}{@code ) / }{@value #STD}.</li>
 * </ol>
 * Thread-safe (stateless apart from the input size).
 */
public final class Preprocessor {
    public static final double LOW_PERCENTILE = 0.5;
    public static final double HIGH_PERCENTILE = 99.5;
    public static final float MEAN = 0.5f;
    public static final float STD = 0.25f;
    private static final int HISTOGRAM_BINS = 4096;

    private final int inputSize;

    public Preprocessor(int inputSize) {
        if (inputSize < 16) {
            throw new IllegalArgumentException("input size must be at least 16 px, was " + inputSize);
        }
        this.inputSize = inputSize;
    }

    public int inputSize() {
        return inputSize;
    }

    /** A one-line description of this preprocessing for the model card. */
    public String description() {
        return "modality values clipped to the image's " + LOW_PERCENTILE + "/" + HIGH_PERCENTILE
                + " percentiles and scaled to [0,1]; MONOCHROME1 inverted; aspect-preserving resize (area averaging"
                + " when shrinking, bilinear when enlarging) centred on a black " + inputSize + "x" + inputSize
                + " square; standardised as (v - " + MEAN + ") / " + STD;
    }

    public PreparedImage prepare(XrayImage image) {
        int w = image.width();
        int h = image.height();
        float[] unit = toUnitRange(image);
        Letterbox box = Letterbox.fit(w, h, inputSize);
        float[] rows = resampleRows(unit, w, h, box.contentWidth());
        float[] content = resampleColumns(rows, box.contentWidth(), h, box.contentHeight());
        float[] out = new float[inputSize * inputSize];
        Arrays.fill(out, standardise(0f));
        for (int y = 0; y < box.contentHeight(); y++) {
            int dst = (y + box.padTop()) * inputSize + box.padLeft();
            for (int x = 0; x < box.contentWidth(); x++) {
                out[dst + x] = standardise(content[y * box.contentWidth() + x]);
            }
        }
        return new PreparedImage(out, box);
    }

    public static float standardise(float unit) {
        return (unit - MEAN) / STD;
    }

    public static float unstandardise(float value) {
        return value * STD + MEAN;
    }

    private static float[] toUnitRange(XrayImage image) {
        FloatBuffer values = image.values();
        int n = values.remaining();
        float min = image.minValue();
        float max = image.maxValue();
        float[] unit = new float[n];
        if (!(max > min)) {
            return unit; // a constant image carries no information; all black
        }
        int[] histogram = new int[HISTOGRAM_BINS];
        double binWidth = (max - min) / (double) HISTOGRAM_BINS;
        for (int i = 0; i < n; i++) {
            histogram[bin(values.get(i), min, binWidth)]++;
        }
        double lo = min + binWidth * percentileBin(histogram, n, LOW_PERCENTILE);
        double hi = min + binWidth * (percentileBin(histogram, n, HIGH_PERCENTILE) + 1);
        double range = Math.max(hi - lo, 1e-6);
        boolean invert = image.photometric() == Photometric.MONOCHROME1;
        for (int i = 0; i < n; i++) {
            double v = Math.min(1.0, Math.max(0.0, (values.get(i) - lo) / range));
            unit[i] = (float) (invert ? 1.0 - v : v);
        }
        return unit;
    }

    private static int bin(float v, float min, double binWidth) {
        return (int) Math.min(HISTOGRAM_BINS - 1, (v - min) / binWidth);
    }

    /** The bin holding the given percentile of the values. */
    private static int percentileBin(int[] histogram, int n, double percentile) {
        long target = (long) Math.ceil(percentile / 100.0 * n);
        long seen = 0;
        for (int b = 0; b < histogram.length; b++) {
            seen += histogram[b];
            if (seen >= Math.max(1, target)) {
                return b;
            }
        }
        return histogram.length - 1;
    }

    private static float[] resampleRows(float[] src, int w, int h, int newW) {
        Kernel k = Kernel.of(w, newW);
        float[] out = new float[newW * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < newW; x++) {
                double sum = 0;
                for (int t = 0; t < k.count[x]; t++) {
                    sum += k.weight[x][t] * src[y * w + k.first[x] + t];
                }
                out[y * newW + x] = (float) sum;
            }
        }
        return out;
    }

    private static float[] resampleColumns(float[] src, int w, int h, int newH) {
        Kernel k = Kernel.of(h, newH);
        float[] out = new float[w * newH];
        for (int y = 0; y < newH; y++) {
            for (int t = 0; t < k.count[y]; t++) {
                double weight = k.weight[y][t];
                int row = (k.first[y] + t) * w;
                for (int x = 0; x < w; x++) {
                    out[y * w + x] += (float) (weight * src[row + x]);
                }
            }
        }
        return out;
    }

    /** 1-D resampling weights: box (area) filter when shrinking, tent (linear) when enlarging. */
    private record Kernel(int[] first, int[] count, double[][] weight) {
        static Kernel of(int n, int newN) {
            double scale = (double) newN / n;
            int[] first = new int[newN];
            int[] count = new int[newN];
            double[][] weight = new double[newN][];
            for (int i = 0; i < newN; i++) {
                if (scale <= 1) {
                    double a = i / scale;
                    double b = Math.min(n, (i + 1) / scale);
                    int lo = (int) Math.floor(a);
                    int hi = Math.min(n - 1, (int) Math.ceil(b) - 1);
                    first[i] = lo;
                    count[i] = hi - lo + 1;
                    weight[i] = new double[count[i]];
                    for (int s = lo; s <= hi; s++) {
                        weight[i][s - lo] = (Math.min(b, s + 1) - Math.max(a, s)) / (b - a);
                    }
                } else if (n == 1) {
                    first[i] = 0;
                    count[i] = 1;
                    weight[i] = new double[] {1};
                } else {
                    double centre = Math.min(n - 1, Math.max(0, (i + 0.5) / scale - 0.5));
                    int lo = Math.min(n - 2, (int) Math.floor(centre));
                    double f = centre - lo;
                    first[i] = lo;
                    count[i] = 2;
                    weight[i] = new double[] {1 - f, f};
                }
            }
            return new Kernel(first, count, weight);
        }
    }
}
