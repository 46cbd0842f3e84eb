package org.covidcxr.app.ui.models;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.covidcxr.app.imaging.ArgbRaster;

/**
 * The evaluation plots a bundle holds (ROC, reliability and confusion, for all images and per source) in its
 * {@code evaluation*} folders, as the evaluator names them ({@code roc-all.png}, {@code confusion-source-nih.png}),
 * decoded for the screen and grouped by evaluation and group of images.
 */
final class EvaluationPlots {
    private static final Pattern PLOT = Pattern.compile("(roc|reliability|confusion)-(all|source-(.+))\\.png");
    private static final List<String> KINDS = List.of("roc", "reliability", "confusion");
    private static final Map<String, String> CAPTIONS = Map.of("roc", "ROC", "reliability", "Reliability",
            "confusion", "Confusion matrix");
    /** The evaluator draws plots under 1000 px; a much larger file in an imported bundle is not decoded. */
    static final int MAX_SIDE = 4096;

    /** A plot file and what it plots ({@code roc}, {@code reliability}, {@code confusion}). */
    private record PlotFile(String kind, Path file) {
    }

    /** The plots and the statements about what is missing or could not be read. */
    record Plots(List<PlotGroup> groups, List<String> notes) {
    }

    private EvaluationPlots() {
    }

    static Plots read(Path bundle) {
        List<PlotGroup> groups = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Path folder : evaluationFolders(bundle, notes)) {
            // "all" first, then the sources by name.
            Map<String, List<PlotFile>> byGroup = new TreeMap<>(Comparator.comparing((String g) -> !g.equals("all"))
                    .thenComparing(Comparator.naturalOrder()));
            for (Path png : plotFiles(folder, notes)) {
                Matcher m = PLOT.matcher(png.getFileName().toString());
                if (m.matches()) {
                    byGroup.computeIfAbsent(m.group(3) == null ? "all" : m.group(3), g -> new ArrayList<>())
                            .add(new PlotFile(m.group(1), png));
                }
            }
            byGroup.forEach((group, files) -> {
                List<CardPlot> plots = files.stream().sorted(Comparator.comparing(f -> KINDS.indexOf(f.kind())))
                        .map(f -> plot(bundle, f, notes)).flatMap(Stream::ofNullable).toList();
                if (!plots.isEmpty()) {
                    groups.add(new PlotGroup(evaluationLabel(folder) + " · " + (group.equals("all") ? "all images"
                            : "source " + group), plots));
                }
            });
        }
        if (groups.isEmpty()) {
            notes.add(0, "This bundle holds no evaluation plots (ROC, reliability, confusion matrix).");
        }
        return new Plots(groups, notes);
    }

    /** What an evaluation folder holds, from its name as the tools write it. */
    static String evaluationLabel(Path folder) {
        String name = folder.getFileName().toString();
        if (name.endsWith("-test")) {
            return "Test split";
        }
        if (name.endsWith("-validation") || name.endsWith("-val")) {
            return "Validation split";
        }
        return name;
    }

    private static List<Path> evaluationFolders(Path bundle, List<String> notes) {
        try (Stream<Path> children = Files.list(bundle)) {
            return children.filter(Files::isDirectory)
                    .filter(d -> d.getFileName().toString().startsWith("evaluation")).sorted().toList();
        } catch (IOException e) {
            notes.add("The bundle folder could not be listed (" + e.getMessage() + ").");
            return List.of();
        }
    }

    private static List<Path> plotFiles(Path folder, List<String> notes) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            notes.add(folder.getFileName() + "/ could not be listed (" + e.getMessage() + ").");
            return List.of();
        }
    }

    /** The decoded plot, or null (with a note saying why) when it cannot be shown. */
    private static CardPlot plot(Path bundle, PlotFile plot, List<String> notes) {
        String name = bundle.relativize(plot.file()).toString().replace('\\', '/');
        try {
            return new CardPlot(CAPTIONS.get(plot.kind()), name, decode(plot.file()));
        } catch (IOException | RuntimeException e) {
            notes.add(name + " could not be shown: " + e.getMessage());
            return null;
        }
    }

    private static ArgbRaster decode(Path png) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(png.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IOException("not an image file");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w > MAX_SIDE || h > MAX_SIDE) {
                    throw new IOException(w + " × " + h + " pixels, larger than a plot (at most " + MAX_SIDE
                            + " on a side)");
                }
                BufferedImage image = reader.read(0);
                return new ArgbRaster(w, h, image.getRGB(0, 0, w, h, null, 0, w));
            } finally {
                reader.dispose();
            }
        }
    }
}
