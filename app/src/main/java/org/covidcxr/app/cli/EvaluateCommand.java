package org.covidcxr.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.audit.AuditSubjects;
import org.covidcxr.inference.audit.ShortcutAudit;
import org.covidcxr.inference.audit.ShortcutAuditReport;
import org.covidcxr.inference.data.Datasets;
import org.covidcxr.inference.data.LabelledImage;
import org.covidcxr.inference.evaluation.ClassMetrics;
import org.covidcxr.inference.evaluation.DatasetPredictor;
import org.covidcxr.inference.evaluation.EvaluationReport;
import org.covidcxr.inference.evaluation.EvaluationSettings;
import org.covidcxr.inference.evaluation.Evaluator;
import org.covidcxr.inference.evaluation.GroupMetrics;
import org.covidcxr.inference.serving.CovidClassifier;
import org.covidcxr.inference.serving.ServingException;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelStoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate}: runs a model on a labelled split and writes the JSON + Markdown + PNG evaluation report. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a model on a labelled data set (folder with manifest.csv, a CSV file, or class "
                + "folders) and write evaluation.json, evaluation.md and PNG plots.",
                "Exit 0: report written; 1: report written but some images could not be read; 2: nothing evaluated."})
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ModelChoice model;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Labelled data set.")
    private Path data;

    @Option(names = "--split", defaultValue = Datasets.TEST, paramLabel = "SPLIT",
            description = "train, val or test (default: ${DEFAULT-VALUE}). Report on test; tune only on val.")
    private String split;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Report folder (default: evaluation-<model version>-<split> in the current folder).")
    private Path out;

    @Option(names = {"--batch-size", "--batch"}, defaultValue = "16", paramLabel = "N",
            description = "Images per network call (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--shortcut-audit", description = "Also audit whether the model reads disease or the image's "
            + "source: AUROC within each source, with only the border kept, with the lungs hidden, and under "
            + "acquisition nuisance (writes shortcut-audit.md and .json beside the report).")
    private boolean shortcutAudit;

    @Option(names = "--lung-masks", paramLabel = "DIR", description = "Lung masks for --shortcut-audit: PNGs at the "
            + "images' paths relative to --data (default: a lung-masks folder beside --data, if there is one).")
    private Path lungMasks;

    @Override
    public Integer call() {
        if (batch < 1) {
            err().println("--batch must be at least 1, was " + batch + ".");
            return 2;
        }
        List<LabelledImage> images;
        ModelBundle bundle;
        try {
            images = Datasets.split(Datasets.load(data), split);
            bundle = model.resolve();
        } catch (IllegalArgumentException | UncheckedIOException | ModelStoreException e) {
            err().println(e.getMessage());
            return 2;
        }
        if (images.isEmpty()) {
            err().println("No labelled images of split '" + split + "' in " + data
                    + ". Check the path and the split name (train, val, test); data without a split column are "
                    + "split by patient automatically into train (80 %) and val (20 %), with no test part.");
            return 2;
        }
        Path folder = out != null ? out : Path.of("evaluation-" + bundle.version() + "-" + split);
        DatasetPredictor.Result result;
        try (CovidClassifier classifier = CovidClassifier.open(bundle)) {
            out().println("Evaluating model " + bundle.version() + " on " + images.size() + " '" + split
                    + "' images of " + data + " on " + (classifier.gpu() ? "GPU" : "CPU"));
            result = DatasetPredictor.predict(classifier, images, batch,
                    done -> {
                        out().print("\r  " + done + " / " + images.size() + " images");
                        out().flush();
                    });
            out().println();
        } catch (ServingException e) {
            err().println(e.getMessage());
            return 2;
        }
        result.unreadable().forEach(problem -> err().println("Skipped: " + problem));
        if (result.predictions().isEmpty()) {
            err().println("None of the images could be read; nothing was evaluated.");
            return 2;
        }
        EvaluationSettings settings = EvaluationSettings.of(bundle.card().classes(),
                ModelSignature.CLASSES.get(ModelSignature.COVID), (float) bundle.card().operatingThreshold());
        EvaluationReport report = Evaluator.evaluate("model " + bundle.version() + " on the '" + split + "' split of "
                + data.getFileName(), result.predictions(), settings);
        try {
            report.writeTo(folder);
        } catch (IOException e) {
            err().println("Cannot write the report to " + folder + ": " + e.getMessage()
                    + ". Choose a writable folder with --out.");
            return 2;
        }
        printSummary(report, settings);
        out().println("Report: " + folder.resolve(EvaluationReport.MARKDOWN_FILE) + " (JSON: "
                + folder.resolve(EvaluationReport.JSON_FILE) + ")");
        if (shortcutAudit && !audit(bundle, images, folder)) {
            return 2;
        }
        if (!result.unreadable().isEmpty()) {
            err().println(result.unreadable().size() + " image(s) could not be read and are not in the report.");
            return 1;
        }
        return 0;
    }

    /** Runs the shortcut audit into {@code folder}; false (with the reason on stderr) when it cannot. */
    private boolean audit(ModelBundle bundle, List<LabelledImage> images, Path folder) {
        Optional<Path> masks = Optional.ofNullable(lungMasks)
                .or(() -> Optional.of(data.toAbsolutePath().resolveSibling("lung-masks")).filter(Files::isDirectory));
        AuditSubjects.Loaded loaded = AuditSubjects.load(data, images, masks);
        loaded.skipped().forEach(problem -> err().println("Not audited: " + problem));
        out().println("Shortcut audit of " + loaded.subjects().size() + " images (" + loaded.masks()
                + " with a lung mask" + masks.map(m -> " from " + m).orElse(", none given") + ") ...");
        try {
            ShortcutAuditReport audit = ShortcutAudit.ofModel(bundle.directory().resolve(ModelBundle.SAVED_MODEL_DIR),
                    bundle.card(), loaded.subjects());
            audit.writeTo(folder);
            audit.auroc().stream().filter(r -> r.group().startsWith("within")).forEach(r -> out().printf(Locale.ROOT,
                    "  %-16s %-40s COVID-19 AUROC %.3f%n", r.group(), r.variant(), r.auroc()));
            audit.nuisance().stream().max(Comparator.comparingInt(ShortcutAuditReport.NuisanceRow::flips))
                    .ifPresent(r -> out().printf(Locale.ROOT, "  nuisance: at most %d of %d non-COVID images "
                            + "pushed over the threshold (%s)%n", r.flips(), r.images(), r.transform()));
            audit.sourceProbe().forEach(r -> out().printf(Locale.ROOT, "  source probe, %-10s %d %s / %d %s: "
                    + "AUROC %.3f%n", r.className(), r.others(), r.otherSource(), r.positives(), r.positiveSource(),
                    r.auroc()));
            out().println("Shortcut audit: " + folder.resolve(ShortcutAuditReport.MARKDOWN_FILE));
            return true;
        } catch (ServingException | IOException e) {
            err().println("The shortcut audit failed: " + e.getMessage());
            return false;
        }
    }

    private void printSummary(EvaluationReport report, EvaluationSettings settings) {
        String positive = settings.classNames().get(settings.positiveClass());
        printGroup(report.overall(), positive);
        report.bySource().values().forEach(group -> printGroup(group, positive));
    }

    private void printGroup(GroupMetrics g, String positive) {
        ClassMetrics covid = g.classMetrics(positive);
        String auroc = covid.auroc().isPresent()
                ? String.format(Locale.ROOT, "%.3f", covid.auroc().getAsDouble())
                + covid.aurocCi().map(ci -> String.format(Locale.ROOT, " [%.3f, %.3f]", ci.lower(), ci.upper()))
                .orElse("")
                : "n/a";
        out().printf(Locale.ROOT, "  %-9s %4d images  accuracy %.3f  macro F1 %.3f  %s AUROC %s  "
                        + "sensitivity %s  specificity %s  ECE %.3f%n", g.name(), g.images(), g.accuracy(),
                g.macroF1(), positive, auroc, format(g.operatingPoint().sensitivity()),
                format(g.operatingPoint().specificity()), g.calibration().expectedCalibrationError());
    }

    private static String format(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.3f", value.getAsDouble()) : "n/a";
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
