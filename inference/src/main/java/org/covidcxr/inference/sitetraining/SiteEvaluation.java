package org.covidcxr.inference.sitetraining;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.covidcxr.dicom.ImageReadException;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.dicom.XrayImageReader;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.audit.ImageVariants;
import org.covidcxr.inference.data.Datasets;
import org.covidcxr.inference.data.LabelledImage;
import org.covidcxr.inference.evaluation.EvaluationReport;
import org.covidcxr.inference.evaluation.EvaluationSettings;
import org.covidcxr.inference.evaluation.Evaluator;
import org.covidcxr.inference.evaluation.LabelledPrediction;
import org.covidcxr.inference.segmentation.PixelGate;
import org.covidcxr.inference.serving.CovidClassifier;
import org.covidcxr.inference.serving.Diagnosis;
import org.covidcxr.modelstore.ModelBundle;

/**
 * Evaluates the active model and a run's candidate on the run's site test split (images neither model trained or
 * tuned on), each at its own operating threshold, through the same serving path the viewer uses.
 */
public final class SiteEvaluation {
    /** Gallery images per class. */
    static final int GALLERY_PER_CLASS = 2;

    private SiteEvaluation() {
    }

    /**
     * Writes both reports (JSON, Markdown, plots) and the criteria into the run's {@code evaluation/} folder. Where
     * the active model ships a lung segmenter, both models also score every film with its lung fields hidden, for the
     * shortcut audit's criterion.
     *
     * @param listener progress over the 2 × n predictions (4 × n with the lungs-hidden films)
     */
    public static ModelComparison compare(RunFolder run, ModelBundle active, ModelBundle candidate,
                                          AcceptanceCriteria criteria, ScanListener listener,
                                          Cancellation cancellation) throws IOException {
        List<LabelledImage> test = Datasets.split(Datasets.load(run.dataset()), Datasets.TEST);
        if (test.isEmpty()) {
            throw new IOException("The run's site test split is empty; go back to the Split step and keep some "
                    + "patients for testing.");
        }
        // The shortcut audit's lungs-hidden check needs lung fields: those the active model's segmenter finds.
        try (PixelGate gate = PixelGate.open(active.directory()).orElse(null)) {
            int passes = gate == null ? 2 : 4;
            int total = passes * test.size();
            Map<LabelledImage, Diagnosis> activeAnswers = predict(active, test, UnaryOperator.identity(), 0, total,
                    listener, cancellation);
            Map<LabelledImage, Diagnosis> candidateAnswers = predict(candidate, test, UnaryOperator.identity(),
                    test.size(), total, listener, cancellation);
            List<PairedDifferences.Case> hidden = List.of();
            if (gate != null) {
                UnaryOperator<XrayImage> hide = x -> ImageVariants.lungsHidden(x, gate.lungs(x).atImageSize());
                Map<LabelledImage, Diagnosis> activeHidden = predict(active, test, hide, 2 * test.size(), total,
                        listener, cancellation);
                Map<LabelledImage, Diagnosis> candidateHidden = predict(candidate, test, hide, 3 * test.size(),
                        total, listener, cancellation);
                hidden = cases(test, activeHidden, candidateHidden);
            }
            return finish(run, active, candidate, test, activeAnswers, candidateAnswers,
                    criteria.evaluate(PairedDifferences.of(cases(test, activeAnswers, candidateAnswers), hidden)));
        }
    }

    private static List<PairedDifferences.Case> cases(List<LabelledImage> test, Map<LabelledImage, Diagnosis> active,
                                                      Map<LabelledImage, Diagnosis> candidate) {
        return test.stream().map(i -> new PairedDifferences.Case(i.patientId(), i.label(), active.get(i),
                candidate.get(i))).toList();
    }

    private static ModelComparison finish(RunFolder run, ModelBundle active, ModelBundle candidate,
                                          List<LabelledImage> test, Map<LabelledImage, Diagnosis> activeAnswers,
                                          Map<LabelledImage, Diagnosis> candidateAnswers,
                                          List<CriterionResult> results) throws IOException {
        EvaluationReport activeReport = report(active, activeAnswers);
        EvaluationReport candidateReport = report(candidate, candidateAnswers);

        activeReport.writeTo(run.evaluation().resolve("active"));
        candidateReport.writeTo(run.evaluation().resolve("candidate"));
        RunFolder.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(run.evaluation().resolve("criteria.json").toFile(), results);

        List<GalleryItem> gallery = new ArrayList<>();
        int[] taken = new int[ModelSignature.CLASSES.size()];
        for (LabelledImage image : test) {
            if (taken[image.label()]++ < GALLERY_PER_CLASS) {
                gallery.add(new GalleryItem(image.file(), ModelSignature.CLASSES.get(image.label()),
                        activeAnswers.get(image), candidateAnswers.get(image)));
            }
        }
        return new ModelComparison(active.version(), candidate.version(), activeReport, candidateReport, results,
                gallery);
    }

    /** {@code bundle}'s answers on each image as {@code variant} makes it (the image itself, or its lungs hidden). */
    private static Map<LabelledImage, Diagnosis> predict(ModelBundle bundle, List<LabelledImage> images,
                                                         UnaryOperator<XrayImage> variant, int offset, int total,
                                                         ScanListener listener,
                                                         Cancellation cancellation) throws IOException {
        Map<LabelledImage, Diagnosis> answers = new LinkedHashMap<>();
        try (CovidClassifier classifier = CovidClassifier.open(bundle.savedModelDirectory(), bundle.card())) {
            int done = offset;
            for (LabelledImage image : images) {
                cancellation.check();
                try {
                    answers.put(image, classifier.diagnose(variant.apply(XrayImageReader.readForAnalysis(
                            image.file()))));
                } catch (ImageReadException e) {
                    throw new IOException("The dataset copy " + image.file() + " can no longer be read ("
                            + e.getMessage() + "); prepare the run's data again.", e);
                }
                listener.onProgress(++done, total, image.file());
            }
        }
        return answers;
    }

    private static EvaluationReport report(ModelBundle bundle, Map<LabelledImage, Diagnosis> answers) {
        List<LabelledPrediction> predictions = new ArrayList<>();
        answers.forEach((image, d) -> predictions.add(new LabelledPrediction(image.file().getFileName().toString(),
                image.patientId(), image.source(), image.label(), d.probabilities())));
        EvaluationSettings settings = EvaluationSettings.of(ModelSignature.CLASSES,
                ModelSignature.CLASSES.get(ModelSignature.COVID), (float) bundle.card().operatingThreshold());
        return Evaluator.evaluate("model " + bundle.version() + " on the site test split", predictions, settings);
    }
}
