package org.covidcxr.inference.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.covidcxr.inference.CsvTable;
import org.covidcxr.inference.ModelSignature;

/**
 * Finds labelled images in one of three layouts:
 * <ul>
 *   <li>a folder with {@code manifest.csv} ({@code file,label,source,patient_id,…,split}, the shared data set);</li>
 *   <li>a CSV file {@code file,label[,patient_id[,split]]} (paths relative to the CSV's folder);</li>
 *   <li>a folder with one sub-folder per class ({@code covid/}, {@code normal/}, {@code pneumonia/}).</li>
 * </ul>
 * Where no split is given, patients are assigned deterministically (by a hash of the patient id): 80 % train,
 * 20 % val, so images of one patient never straddle the split.
 */
public final class Datasets {
    public static final String TRAIN = "train";
    public static final String VAL = "val";
    public static final String TEST = "test";
    private static final List<String> IMAGE_SUFFIXES = List.of(".png", ".jpg", ".jpeg", ".dcm", ".dicom");

    private Datasets() {
    }

    public static List<LabelledImage> load(Path data) {
        if (Files.isRegularFile(data)) {
            return fromCsv(data, "site");
        }
        if (Files.isRegularFile(data.resolve("manifest.csv"))) {
            return fromCsv(data.resolve("manifest.csv"), "site");
        }
        if (Files.isDirectory(data)) {
            return fromClassFolders(data);
        }
        throw new IllegalArgumentException("no data at " + data + ": give a folder with manifest.csv, a CSV file "
                + "(file,label[,patient_id]) or a folder with covid/, normal/ and pneumonia/ sub-folders");
    }

    public static List<LabelledImage> split(List<LabelledImage> images, String split) {
        return images.stream().filter(i -> i.split().equals(split)).toList();
    }

    /** The first {@code perClass} images of each class, in order; all of them for {@code 0}. */
    public static List<LabelledImage> limit(List<LabelledImage> images, int perClass) {
        if (perClass == 0) {
            return images;
        }
        int[] taken = new int[ModelSignature.CLASSES.size()];
        List<LabelledImage> out = new ArrayList<>();
        for (LabelledImage image : images) {
            if (taken[image.label()]++ < perClass) {
                out.add(image);
            }
        }
        return out;
    }

    private static List<LabelledImage> fromCsv(Path csv, String defaultSource) {
        CsvTable table;
        try {
            table = CsvTable.read(csv);
            table.require("file", "label");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot use " + csv + " as a labelled data set: " + e.getMessage(), e);
        }
        Path base = csv.toAbsolutePath().getParent();
        List<LabelledImage> out = new ArrayList<>();
        for (int row = 0; row < table.size(); row++) {
            int line = CsvTable.lineOf(row);
            String fileName = table.get(row, "file").orElseThrow(() -> new IllegalArgumentException(csv + " line "
                    + line + " has no file name"));
            String label = table.get(row, "label").orElse("");
            String patientId = table.get(row, "patient_id").orElse(fileName);
            out.add(new LabelledImage(base.resolve(fileName).normalize(), labelIndex(label, csv, line), patientId,
                    table.get(row, "source").orElse(defaultSource),
                    table.get(row, "split").orElseGet(() -> splitOf(patientId))));
        }
        return List.copyOf(out);
    }

    private static List<LabelledImage> fromClassFolders(Path root) {
        List<LabelledImage> out = new ArrayList<>();
        for (int c = 0; c < ModelSignature.CLASSES.size(); c++) {
            Path folder = root.resolve(ModelSignature.CLASSES.get(c));
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.filter(Datasets::isImage).sorted(Comparator.comparing(Path::toString)).toList()) {
                    String id = ModelSignature.CLASSES.get(c) + "/" + f.getFileName();
                    out.add(new LabelledImage(f, c, id, "site", splitOf(id)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(root + " holds no images in covid/, normal/ or pneumonia/ "
                    + "sub-folders (nor a manifest.csv)");
        }
        return List.copyOf(out);
    }

    private static boolean isImage(Path f) {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(f) && IMAGE_SUFFIXES.stream().anyMatch(name::endsWith);
    }

    private static int labelIndex(String label, Path csv, int line) {
        int i = ModelSignature.CLASSES.indexOf(label.trim().toLowerCase(Locale.ROOT));
        if (i < 0) {
            throw new IllegalArgumentException(csv + " line " + line + ": unknown label '" + label
                    + "'; use one of " + ModelSignature.CLASSES);
        }
        return i;
    }

    /** Deterministic patient-level split for data without one: 80 % train, 20 % val. */
    static String splitOf(String patientId) {
        int bucket = Math.floorMod(patientId.hashCode() * 0x9E3779B1, 100);
        return bucket < 80 ? TRAIN : VAL;
    }

    /** Images per class, in class order. */
    public static Map<String, Integer> countByClass(List<LabelledImage> images) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        ModelSignature.CLASSES.forEach(c -> counts.put(c, 0));
        images.forEach(i -> counts.merge(ModelSignature.CLASSES.get(i.label()), 1, Integer::sum));
        return counts;
    }
}
