package org.covidcxr.app.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.covidcxr.app.analysis.AnalysisException;
import org.covidcxr.app.analysis.AnalysisService;
import org.covidcxr.app.audit.AuditLog;
import org.covidcxr.app.home.AppHome;
import org.covidcxr.dicom.DisplayPipeline;
import org.covidcxr.dicom.DisplaySettings;
import org.covidcxr.dicom.ImageReadException;
import org.covidcxr.dicom.StagedIntake;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.files.AtomicFiles;
import org.covidcxr.inference.screening.ImageScreening;
import org.covidcxr.inference.segmentation.LungAttention;
import org.covidcxr.inference.serving.Diagnosis;
import org.covidcxr.inference.serving.HeatMapOverlay;
import org.covidcxr.inference.serving.ServingException;
import org.covidcxr.inference.serving.Verdict;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelStoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code predict FILE…}: class probabilities, decision and (optionally) a Grad-CAM overlay for each image. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Estimate the probability of COVID-19, normal and other pneumonia for each image.",
                "Decision support for adult frontal chest X-rays; not a standalone diagnosis.",
                "Every analysis is written to the audit log, as in the workstation.",
                "Exit 0: all images done; 1: some images could not be read or analysed, were skipped as not made "
                        + "for the model, or their heat map could not be written; 2: bad arguments, no usable model "
                        + "or audit log."})
public final class PredictCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Images (DICOM, PNG, JPEG).")
    private List<Path> files;

    @Mixin
    private ModelChoice model;

    @Option(names = "--cam", paramLabel = "PNG", description = {"Write the image with the Grad-CAM heat map over it. "
            + "With several files, one PNG per file: PNG's name plus '-' and the image's name."})
    private Path cam;

    @Option(names = "--cam-class", paramLabel = "CLASS",
            description = "Class whose heat map is drawn (covid, normal, pneumonia; default: the predicted class).")
    private String camClass;

    @Option(names = "--anyway", description = "Also analyse images the model was not made for (the file says it is "
            + "not a frontal chest X-ray, or the image is blank, tiny or strip-shaped) instead of skipping them; the "
            + "reasons are printed with the result.")
    private boolean anyway;

    @Option(names = "--opacity", paramLabel = "A", defaultValue = "0.5",
            description = "Opacity of the hottest heat-map pixels, 0..1 (default: ${DEFAULT-VALUE}).")
    private float opacity;

    @Override
    public Integer call() {
        PrintWriter out = out();
        if (!(opacity >= 0f && opacity <= 1f)) {
            err().println("--opacity must be between 0 and 1, was " + opacity + ".");
            return 2;
        }
        ModelBundle bundle;
        try {
            bundle = model.resolve();
        } catch (ModelStoreException e) {
            err().println(e.getMessage());
            return 2;
        }
        if (camClass != null && !bundle.card().classes().contains(camClass)) {
            err().println("--cam-class must be one of " + bundle.card().classes() + ", was '" + camClass + "'.");
            return 2;
        }
        if (cam != null && Files.isDirectory(cam)) {
            err().println("--cam " + cam + " is a folder; give the name of the PNG file to write, e.g. "
                    + cam.resolve("heatmap.png") + ".");
            return 2;
        }
        List<Path> targets = cam == null ? List.of() : heatMapFiles();
        for (Path target : targets) {
            for (Path file : files) {
                if (AtomicFiles.wouldReplace(target, file)) {
                    err().println("--cam " + target + " would overwrite the input image " + file + "; choose "
                            + "another name for the heat map.");
                    return 2;
                }
            }
        }
        AuditLog audit;
        try {
            audit = AuditLog.open(AppHome.fromEnvironment().auditLog());
        } catch (IOException e) {
            err().println("The audit log cannot be used (" + e.getMessage() + "); analyses are never made unaudited. "
                    + "Run 'covidcxr audit verify' and ask support.");
            return 2;
        }
        String user = System.getProperty("user.name", "unknown");
        int failed = 0;
        try (ImageScreening screening = ImageScreening.open(bundle)) {
            for (int i = 0; i < files.size(); i++) {
                Path file = files.get(i);
                // The full image of a large JPEG 2000 file is decoded only for a heat map over it (--cam).
                StagedIntake input;
                try {
                    input = StagedIntake.read(file);
                } catch (ImageReadException e) {
                    err().println(e.getMessage());
                    failed++;
                    continue;
                }
                ImageScreening.Outcome outcome = screening.screen(input.analysisImage(), anyway);
                if (outcome.skipped()) {
                    err().println(file + ": not analysed: " + String.join(" ", outcome.suitability().reasons())
                            + " Use --anyway to analyse it regardless.");
                    failed++;
                    continue;
                }
                Diagnosis d = outcome.diagnosis().orElseThrow();
                try {
                    AnalysisService.record(audit, Instant.now(), user, bundle, input.sha256(), d);
                } catch (AnalysisException e) {
                    err().println(file.getFileName() + ": " + e.getMessage());
                    failed++;
                    continue;
                }
                print(out, file, d);
                outcome.suitability().reasons().forEach(r -> out.println("  caution:   " + r));
                if (input.analysisImage().frameCount() > 1) {
                    out.println("  caution:   the file holds " + input.analysisImage().frameCount() + " frames; only "
                            + "the first was analysed.");
                }
                if (cam != null) {
                    failed += writeOverlay(out, targets.get(i), input, d) ? 0 : 1;
                }
            }
        } catch (ServingException e) {
            err().println(e.getMessage());
            return 2;
        }
        return failed == 0 ? 0 : 1;
    }

    private static void print(PrintWriter out, Path file, Diagnosis d) {
        out.println(file + "  (model " + d.modelVersion() + ")");
        for (int c = 0; c < d.classes().size(); c++) {
            out.printf(Locale.ROOT, "  %-10s %.3f%n", d.classes().get(c), d.probabilities()[c]);
        }
        out.println("  predicted: " + d.predictedClass());
        d.lungAttention().ifPresent(share -> out.printf(Locale.ROOT, "  attention: %.0f %% of the COVID-19 heat map "
                + "inside the lungs%s%n", 100 * share, LungAttention.warning(share).map(w -> " — " + w).orElse("")));
        Verdict verdict = d.verdict();
        out.printf(Locale.ROOT, "  decision:  %s (COVID-19 probability %.3f %s)%n", verdict.text(),
                d.covidProbability(), switch (verdict) {
                    case SUSPECTED -> d.confidentThreshold() > d.operatingThreshold()
                            ? String.format(Locale.ROOT, ">= %.3f, from where this model calls COVID-19 (threshold "
                            + "%.3f)", d.confidentThreshold(), d.operatingThreshold())
                            : String.format(Locale.ROOT, ">= threshold %.3f", d.operatingThreshold());
                    case INDETERMINATE -> String.format(Locale.ROOT, "between the threshold %.3f and %.3f, from "
                            + "where this model calls COVID-19", d.operatingThreshold(), d.confidentThreshold());
                    case NOT_SUSPECTED -> String.format(Locale.ROOT, "< threshold %.3f", d.operatingThreshold());
                });
    }

    /** The heat map over the full image. */
    private boolean writeOverlay(PrintWriter out, Path target, StagedIntake input, Diagnosis d) {
        String cls = camClass != null ? camClass : d.predictedClass();
        XrayImage image;
        try {
            image = input.full().image();
        } catch (ImageReadException e) {
            err().println(e.getMessage());
            return false;
        }
        BufferedImage overlay = HeatMapOverlay.render(
                DisplayPipeline.render(image, DisplaySettings.fileDefault(image)), d.heatMap(cls), opacity);
        try {
            AtomicFiles.PLAIN.write(target, tmp -> {
                if (!ImageIO.write(overlay, "png", tmp.toFile())) {
                    throw new IOException("no PNG writer available");
                }
            });
        } catch (IOException e) {
            err().println("Cannot write the heat map " + target + " (" + e.getMessage()
                    + "). Choose a writable path with --cam.");
            return false;
        }
        out.println("  heat map:  " + cls + " -> " + target);
        return true;
    }

    /**
     * One PNG per input: {@code --cam} itself for one image; for several, {@code out.png} + {@code chest1.dcm} →
     * {@code out-chest1.png} beside it, numbered ({@code out-1-x.png}, {@code out-2-x.png}) when two inputs share a
     * name, so that no heat map overwrites another.
     */
    private List<Path> heatMapFiles() {
        if (files.size() == 1) {
            return List.of(cam);
        }
        String name = cam.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".png") ? name.substring(0, name.length() - 4) : name;
        List<String> images = files.stream().map(f -> {
            String image = f.getFileName().toString();
            int dot = image.lastIndexOf('.');
            return dot > 0 ? image.substring(0, dot) : image;
        }).toList();
        // Case-insensitively: X.png and x.png are one file on Windows and macOS.
        boolean clash = images.stream().map(i -> i.toLowerCase(Locale.ROOT)).distinct().count() < images.size();
        List<Path> targets = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            targets.add(cam.resolveSibling(stem + "-" + (clash ? (i + 1) + "-" : "") + images.get(i) + ".png"));
        }
        return targets;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
