package org.covidcxr.inference.audit;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.covidcxr.dicom.ImageReadException;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.dicom.XrayImageReader;
import org.covidcxr.inference.data.LabelledImage;

/**
 * The images of a labelled data set for {@link ShortcutAudit}, each with its lung mask where one exists: a PNG at the
 * same path relative to the masks folder as the image relative to the data set, of the same size, lung where bright
 * (the layout of {@code shared/data/lung-masks}).
 */
public final class AuditSubjects {
    /** @param skipped images that could not be read, or whose mask does not fit, with the reason */
    public record Loaded(List<ShortcutAudit.Subject> subjects, int masks, List<String> skipped) {
    }

    private AuditSubjects() {
    }

    public static Loaded load(Path data, List<LabelledImage> images, Optional<Path> lungMasks) {
        Path base = data.toAbsolutePath().normalize();
        List<ShortcutAudit.Subject> subjects = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int masks = 0;
        for (LabelledImage image : images) {
            XrayImage xray;
            try {
                xray = XrayImageReader.readForAnalysis(image.file());
            } catch (ImageReadException e) {
                skipped.add(e.getMessage());
                continue;
            }
            Optional<boolean[]> lungs = Optional.empty();
            if (lungMasks.isPresent()) {
                Path mask = lungMasks.get().resolve(base.relativize(image.file().toAbsolutePath().normalize())
                        .toString());
                try {
                    lungs = read(mask, xray);
                } catch (IOException | IllegalArgumentException e) {
                    skipped.add(mask + ": " + e.getMessage());
                    continue;
                }
                masks += lungs.isPresent() ? 1 : 0;
            }
            subjects.add(new ShortcutAudit.Subject(image, xray, lungs));
        }
        return new Loaded(subjects, masks, skipped);
    }

    private static Optional<boolean[]> read(Path mask, XrayImage xray) throws IOException {
        if (!Files.isRegularFile(mask)) {
            return Optional.empty();
        }
        BufferedImage png = ImageIO.read(mask.toFile());
        if (png == null || png.getWidth() != xray.width() || png.getHeight() != xray.height()) {
            throw new IllegalArgumentException("the lung mask is not an image of the image's size ("
                    + xray.width() + " x " + xray.height() + ")");
        }
        boolean[] lungs = new boolean[xray.width() * xray.height()];
        for (int i = 0; i < lungs.length; i++) {
            lungs[i] = png.getRaster().getSample(i % xray.width(), i / xray.width(), 0) > 127;
        }
        return Optional.of(lungs);
    }
}
