package org.covidcxr.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.evaluation.ClassMetrics;
import org.covidcxr.inference.evaluation.EvaluationReport;
import org.covidcxr.inference.evaluation.EvaluationSettings;
import org.covidcxr.inference.evaluation.Evaluator;
import org.covidcxr.inference.evaluation.GroupMetrics;
import org.covidcxr.inference.serving.CovidClassifier;
import org.covidcxr.inference.serving.DatasetPredictor;
import org.covidcxr.inference.serving.ServingException;
import org.covidcxr.inference.training.Datasets;
import org.covidcxr.inference.training.LabelledImage;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelStoreException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
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
        if (!result.unreadable().isEmpty()) {
            err().println(result.unreadable().size() + " image(s) could not be read and are not in the report.");
            return 1;
        }
        return 0;
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
