package org.covidcxr.inference.sitetraining;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
     * @param listener progress over the n test films
     */
    public static ModelComparison compare(RunFolder run, ModelBundle active, ModelBundle candidate,
                                          AcceptanceCriteria criteria, ScanListener listener,
                                          Cancellation cancellation) throws IOException {
        List<LabelledImage> test = Datasets.split(Datasets.load(run.dataset()), Datasets.TEST);
        if (test.isEmpty()) {
            throw new IOException("The run's site test split is empty; go back to the Split step and keep some "
                    + "patients for testing.");
        }
        // The shortcut audit's lungs-hidden check needs lung fields: those the active model's segmenter finds. Each
        // film is read and segmented once; both models score it as it is and with its lungs hidden.
        List<Answers> answers = new ArrayList<>();
        try (CovidClassifier activeModel = CovidClassifier.open(active.savedModelDirectory(), active.card());
             CovidClassifier candidateModel = CovidClassifier.open(candidate.savedModelDirectory(), candidate.card());
             PixelGate gate = PixelGate.open(active.directory()).orElse(null)) {
            for (LabelledImage image : test) {
                cancellation.check();
                XrayImage film = read(image);
                Optional<XrayImage> hidden = Optional.ofNullable(gate)
                        .map(g -> ImageVariants.lungsHidden(film, g.lungs(film).atImageSize()));
                answers.add(new Answers(image, activeModel.diagnose(film), candidateModel.diagnose(film),
                        hidden.map(activeModel::diagnose), hidden.map(candidateModel::diagnose)));
                listener.onProgress(answers.size(), test.size(), image.file());
            }
        }
        List<PairedDifferences.Case> full = answers.stream().map(a -> new PairedDifferences.Case(
                a.image().patientId(), a.image().label(), a.active(), a.candidate())).toList();
        List<PairedDifferences.Case> lungsHidden = answers.stream().filter(a -> a.activeHidden().isPresent())
                .map(a -> new PairedDifferences.Case(a.image().patientId(), a.image().label(),
                        a.activeHidden().get(), a.candidateHidden().get())).toList();
        List<CriterionResult> results = criteria.evaluate(PairedDifferences.of(full, lungsHidden));

        Map<LabelledImage, Diagnosis> activeAnswers = new LinkedHashMap<>();
        Map<LabelledImage, Diagnosis> candidateAnswers = new LinkedHashMap<>();
        answers.forEach(a -> {
            activeAnswers.put(a.image(), a.active());
            candidateAnswers.put(a.image(), a.candidate());
        });
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

    /** One test film as both models saw it: as it is, and with its lungs hidden where a segmenter found them. */
    private record Answers(LabelledImage image, Diagnosis active, Diagnosis candidate, Optional<Diagnosis> activeHidden,
                           Optional<Diagnosis> candidateHidden) {
    }

    private static XrayImage read(LabelledImage image) throws IOException {
        try {
            return XrayImageReader.readForAnalysis(image.file());
        } catch (ImageReadException e) {
            throw new IOException("The dataset copy " + image.file() + " can no longer be read (" + e.getMessage()
                    + "); prepare the run's data again.", e);
        }
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
