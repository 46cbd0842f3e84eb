package org.covidcxr.dicom;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Optional;

/**
 * The one decoded image type of the product: one frame of a radiograph as modality values (stored values after
 * the Modality LUT / rescale), row-major, plus what is needed to display it and the study metadata.
 * Immutable; the pixel buffer is exposed read-only.
 */
public final class XrayImage {
    private final int width;
    private final int height;
    private final float[] modalityValues;
    private final Photometric photometric;
    private final List<Window> windows;
    private final Optional<VoiLut> voiLut;
    private final int bitsStored;
    private final int frameCount;
    private final StudyInfo study;
    private final float min;
    private final float max;

    /**
     * @param modalityValues row-major, width*height values; taken over, not copied (the reader hands it off)
     * @param bitsStored     significant bits of the stored values (8 for an 8-bit PNG)
     * @param frameCount     frames in the source; only the first is decoded
     */
    public XrayImage(int width, int height, float[] modalityValues, Photometric photometric, List<Window> windows,
                     Optional<VoiLut> voiLut, int bitsStored, int frameCount, StudyInfo study) {
        if (width <= 0 || height <= 0 || (long) width * height != modalityValues.length) {
            throw new IllegalArgumentException("pixel buffer of " + modalityValues.length
                    + " values does not match " + width + " x " + height);
        }
        this.width = width;
        this.height = height;
        this.modalityValues = modalityValues;
        this.photometric = photometric;
        this.windows = List.copyOf(windows);
        this.voiLut = voiLut;
        this.bitsStored = bitsStored;
        this.frameCount = frameCount;
        this.study = study;
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : modalityValues) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        this.min = lo;
        this.max = hi;
    }

    /**
     * Every n-th pixel of every n-th row, n chosen so that the longer side keeps at least {@code minSide} pixels:
     * enough for a thumbnail, at a fraction of the cost of rendering the whole image.
     */
    public XrayImage decimated(int minSide) {
        int step = Math.max(1, Math.max(width, height) / Math.max(1, minSide));
        if (step == 1) {
            return this;
        }
        int w = (width + step - 1) / step;
        int h = (height + step - 1) / step;
        float[] values = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                values[y * w + x] = modalityValues[y * step * width + x * step];
            }
        }
        return new XrayImage(w, h, values, photometric, windows, voiLut, bitsStored, frameCount, study);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Modality value at column x, row y. */
    public float value(int x, int y) {
        return modalityValues[y * width + x];
    }

    /** All modality values, row-major, read-only. */
    public FloatBuffer values() {
        return FloatBuffer.wrap(modalityValues).asReadOnlyBuffer();
    }

    /** The backing array, for the display pipeline's hot loop inside this package; never modified there. */
    float[] valuesArray() {
        return modalityValues;
    }

    public Photometric photometric() {
        return photometric;
    }

    /** The file's windows in the order given (the first is the default); empty when the file has none. */
    public List<Window> windows() {
        return windows;
    }

    public Optional<VoiLut> voiLut() {
        return voiLut;
    }

    public int bitsStored() {
        return bitsStored;
    }

    /** Number of frames in the source; only the first was decoded when this is above 1. */
    public int frameCount() {
        return frameCount;
    }

    public StudyInfo study() {
        return study;
    }

    public float minValue() {
        return min;
    }

    public float maxValue() {
        return max;
    }
}
