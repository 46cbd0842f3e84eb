package org.covidcxr.inference.data;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.covidcxr.dicom.ImageReadException;
import org.covidcxr.dicom.XrayImageReader;
import org.covidcxr.inference.Preprocessor;

/**
 * Images of one split, read through the dicom module and {@link Preprocessor} once and kept in memory (a 160 px
 * input is 100 kB per image), so every epoch reuses the exact tensors inference would compute.
 */
public final class PreparedDataset {
    private final List<LabelledImage> images;
    private final float[][] pixels;
    private final int inputSize;

    private PreparedDataset(List<LabelledImage> images, float[][] pixels, int inputSize) {
        this.images = images;
        this.pixels = pixels;
        this.inputSize = inputSize;
    }

    /** Reads and preprocesses every image on {@code threads} threads; fails naming the first unreadable file. */
    public static PreparedDataset prepare(List<LabelledImage> images, Preprocessor preprocessor, int threads) {
        float[][] pixels = new float[images.size()][];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (LabelledImage image : images) {
                futures.add(pool.submit(() -> preprocessor.prepare(XrayImageReader.readForAnalysis(image.file()))
                        .pixels()));
            }
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = futures.get(i).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading images", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ImageReadException bad) {
                throw new IllegalArgumentException("cannot use a training image: " + bad.getMessage()
                        + " Remove it from the data set or replace it.", bad);
            }
            throw new IllegalStateException("preprocessing failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new PreparedDataset(List.copyOf(images), pixels, preprocessor.inputSize());
    }

    public int size() {
        return images.size();
    }

    public int inputSize() {
        return inputSize;
    }

    public LabelledImage image(int i) {
        return images.get(i);
    }

    public List<LabelledImage> images() {
        return images;
    }

    /** The preprocessed input of image {@code i}; shared, do not modify. */
    public float[] pixels(int i) {
        return pixels[i];
    }

    public int label(int i) {
        return images.get(i).label();
    }
}
