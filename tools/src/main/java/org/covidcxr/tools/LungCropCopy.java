package org.covidcxr.tools;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.covidcxr.dicom.ImageReadException;
import org.covidcxr.dicom.XrayImageReader;
import org.covidcxr.inference.CsvTable;
import org.covidcxr.inference.segmentation.LungMask;
import org.covidcxr.inference.segmentation.PixelGate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The "lung crop" of the shortcut experiments, as data: a copy of a labelled image folder (a {@code manifest.csv}
 * with a {@code file} column, such as {@code cxr/}) whose images are cropped to the lungs that a model bundle's lung
 * segmenter finds, plus a margin. Training, evaluation and the shortcut audit then all see the same cropped images
 * through the one preprocessing path. An image without lungs found keeps its whole extent and is counted.
 */
@Command(name = "lung-crop", mixinStandardHelpOptions = true,
        description = "Copy a labelled image folder with every image cropped to its lungs (the segmenter of a model "
                + "bundle) plus a margin, for training and evaluating on lung crops.")
final class LungCropCopy implements Callable<Integer> {

    @Option(names = "--data", required = true, description = "Folder with manifest.csv (file paths relative to it).")
    Path data;

    @Option(names = "--bundle", required = true, description = "A model bundle folder holding lung-segmenter/.")
    Path bundle;

    @Option(names = "--out", required = true, description = "New folder for the cropped copy.")
    Path out;

    @Option(names = "--lung-masks", description = "Lung masks at the images' paths (as lung-masks/): cropped alike "
            + "into a lung-masks folder beside --out, where evaluate's shortcut audit finds them.")
    Path lungMasks;

    @Option(names = "--margin", description = "Added on each side, as a share of the lungs' width or height "
            + "(default: 0.1).")
    double margin = 0.1;

    @Override
    public Integer call() throws IOException, ImageReadException {
        Path maskOut = out.toAbsolutePath().resolveSibling("lung-masks");
        if (Files.exists(out) || lungMasks != null && Files.exists(maskOut)) {
            System.err.println(out + " or " + maskOut + " exists; choose a new folder.");
            return 2;
        }
        Path manifest = data.resolve("manifest.csv");
        CsvTable table = CsvTable.read(manifest);
        table.require("file");
        Optional<PixelGate> opened = PixelGate.open(bundle);
        if (opened.isEmpty()) {
            System.err.println(bundle + " holds no lung segmenter (" + PixelGate.FOLDER + "/).");
            return 2;
        }
        int uncropped = 0;
        double keptArea = 0;
        Files.createDirectories(out);
        try (PixelGate gate = opened.get()) {
            for (int row = 0; row < table.size(); row++) {
                String file = table.get(row, "file").orElseThrow();
                Path source = data.resolve(file);
                // The copy is written as PNG under the same name: only PNG data sets, such as cxr/, are taken.
                BufferedImage image = file.toLowerCase(Locale.ROOT).endsWith(".png")
                        ? ImageIO.read(source.toFile()) : null;
                if (image == null) {
                    System.err.println(source + " (manifest line " + CsvTable.lineOf(row) + ") is not a readable PNG "
                            + "image; lung-crop copies PNG data sets only.");
                    return 2;
                }
                Optional<Rectangle> lungs = crop(gate.lungs(XrayImageReader.read(source)), image.getWidth(),
                        image.getHeight(), margin);
                Rectangle r = lungs.orElse(new Rectangle(0, 0, image.getWidth(), image.getHeight()));
                uncropped += lungs.isEmpty() ? 1 : 0;
                keptArea += (double) r.width * r.height / ((double) image.getWidth() * image.getHeight());
                Path target = out.resolve(file);
                Files.createDirectories(target.getParent());
                ImageIO.write(image.getSubimage(r.x, r.y, r.width, r.height), "png", target.toFile());
                if (lungMasks != null && Files.isRegularFile(lungMasks.resolve(file))) {
                    Path maskTarget = maskOut.resolve(file);
                    Files.createDirectories(maskTarget.getParent());
                    ImageIO.write(ImageIO.read(lungMasks.resolve(file).toFile()).getSubimage(r.x, r.y, r.width,
                            r.height), "png", maskTarget.toFile());
                }
            }
        }
        Files.copy(manifest, out.resolve("manifest.csv"));
        System.out.printf("%d images cropped to their lungs (mean kept area %.0f %%), %d kept whole (no lungs found)"
                + " into %s%n", table.size() - uncropped, 100 * keptArea / table.size(), uncropped, out);
        return 0;
    }

    /**
     * The lungs' rectangle grown by {@code margin} of its size on each side, within the image; empty when the map
     * holds no lungs or only a speck (under 5 % of the image), which a crop would cut the film down to.
     */
    static Optional<Rectangle> crop(LungMask mask, int width, int height, double margin) {
        return mask.bounds().filter(b -> (double) b.width * b.height >= 0.05 * width * height).map(b -> {
            int dx = (int) Math.round(b.width * margin);
            int dy = (int) Math.round(b.height * margin);
            Rectangle grown = new Rectangle(b.x - dx, b.y - dy, b.width + 2 * dx, b.height + 2 * dy);
            return grown.intersection(new Rectangle(0, 0, width, height));
        });
    }
}
