package org.covidcxr.inference.segmentation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.dicom.XrayImageReader;
import org.covidcxr.inference.CsvTable;
import org.covidcxr.inference.Letterbox;
import org.covidcxr.inference.PreparedImage;
import org.covidcxr.inference.Preprocessor;

/**
 * Images with their lung masks ({@code lung-masks/manifest.csv}: {@code file} relative to the mask folder,
 * {@code image} relative to its parent, {@code split}), prepared through the classifier's {@link Preprocessor} and the
 * masks carried through the same letterbox (sampled at each input pixel's centre; padding is background).
 */
public final class MaskedImages {
    private final List<String> names;
    private final List<String> splits;
    private final float[][] inputs;
    private final float[][] masks;
    private final int inputSize;

    private MaskedImages(List<String> names, List<String> splits, float[][] inputs, float[][] masks, int inputSize) {
        this.names = names;
        this.splits = splits;
        this.inputs = inputs;
        this.masks = masks;
        this.inputSize = inputSize;
    }

    /** Every masked image of the folder, at {@code inputSize}, read on {@code threads} threads. */
    public static MaskedImages load(Path maskFolder, int inputSize, int threads) {
        Path manifest = maskFolder.resolve("manifest.csv");
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalArgumentException("no lung-mask manifest at " + manifest + "; point to a lung-masks "
                    + "folder (see its README)");
        }
        CsvTable table;
        try {
            table = CsvTable.read(manifest);
            table.require("file", "image", "split");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest + ": " + e.getMessage(), e);
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (int r = 0; r < table.size(); r++) {
            int row = r;
            rows.add(Map.of("file", table.get(row, "file").orElseThrow(), "image", table.get(row, "image")
                    .orElseThrow(), "split", table.get(row, "split").orElse("")));
        }
        Preprocessor preprocessor = new Preprocessor(inputSize);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<float[][]>> futures = new ArrayList<>();
            for (Map<String, String> row : rows) {
                Path image = maskFolder.toAbsolutePath().getParent().resolve(row.get("image"));
                Path mask = maskFolder.resolve(row.get("file"));
                futures.add(pool.submit(() -> prepare(preprocessor, image, mask)));
            }
            float[][] inputs = new float[rows.size()][];
            float[][] masks = new float[rows.size()][];
            for (int i = 0; i < rows.size(); i++) {
                float[][] pair = futures.get(i).get();
                inputs[i] = pair[0];
                masks[i] = pair[1];
            }
            return new MaskedImages(rows.stream().map(r -> r.get("file")).toList(),
                    rows.stream().map(r -> r.get("split")).toList(), inputs, masks, inputSize);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading lung masks", e);
        } catch (ExecutionException e) {
            throw new IllegalArgumentException("cannot use a masked image: " + e.getCause().getMessage(),
                    e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static float[][] prepare(Preprocessor preprocessor, Path imageFile, Path maskFile)
            throws IOException, org.covidcxr.dicom.ImageReadException {
        XrayImage image = XrayImageReader.read(imageFile);
        PreparedImage prepared = preprocessor.prepare(image);
        XrayImage mask = XrayImageReader.read(maskFile);
        if (mask.width() != image.width() || mask.height() != image.height()) {
            throw new IOException(maskFile.getFileName() + " is " + mask.width() + " x " + mask.height()
                    + ", its image " + image.width() + " x " + image.height());
        }
        return new float[][] {prepared.pixels(), letterboxed(mask, prepared.letterbox())};
    }

    /** 1 where the mask is set at the input pixel's centre, 0 elsewhere and in the padding. */
    static float[] letterboxed(XrayImage mask, Letterbox box) {
        int s = box.inputSize();
        float[] out = new float[s * s];
        for (int v = box.padTop(); v < box.padTop() + box.contentHeight(); v++) {
            int y = Math.min(mask.height() - 1, (int) ((v + 0.5 - box.padTop()) / box.scaleY()));
            for (int u = box.padLeft(); u < box.padLeft() + box.contentWidth(); u++) {
                int x = Math.min(mask.width() - 1, (int) ((u + 0.5 - box.padLeft()) / box.scaleX()));
                out[v * s + u] = mask.value(x, y) > 0 ? 1f : 0f;
            }
        }
        return out;
    }

    public int size() {
        return inputs.length;
    }

    public int inputSize() {
        return inputSize;
    }

    public String name(int i) {
        return names.get(i);
    }

    public String split(int i) {
        return splits.get(i);
    }

    /** Shared, do not modify. */
    public float[] input(int i) {
        return inputs[i];
    }

    /** Shared, do not modify. */
    public float[] mask(int i) {
        return masks[i];
    }

    /** Indices of the images of one split. */
    public int[] of(String split) {
        return java.util.stream.IntStream.range(0, size()).filter(i -> splits.get(i).equals(split)).toArray();
    }
}
