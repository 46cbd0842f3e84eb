package org.covidcxr.inference.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.covidcxr.dicom.ImageReadException;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.dicom.XrayImageReader;
import org.covidcxr.inference.data.LabelledImage;
import org.covidcxr.inference.serving.ClassScores;
import org.covidcxr.inference.serving.CovidClassifier;

/**
 * Runs a served model over a labelled data set in batches, for evaluation: each image is read from disk, scored
 * through the same DJL path (preprocessing, SavedModel) the workstation uses, and paired with its label. Only one
 * batch of images is in memory at a time, and no heat maps are made.
 */
public final class DatasetPredictor {

    /**
     * @param predictions one per readable image, in data-set order
     * @param unreadable  one message per file that could not be read (file name and reason); never evaluated
     */
    public record Result(List<LabelledPrediction> predictions, List<String> unreadable) {
    }

    private DatasetPredictor() {
    }

    /**
     * @param progress called after each batch with the number of images done so far
     */
    public static Result predict(CovidClassifier classifier, List<LabelledImage> images, int batchSize,
                                 IntConsumer progress) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
        }
        List<LabelledPrediction> predictions = new ArrayList<>(images.size());
        List<String> unreadable = new ArrayList<>();
        for (int start = 0; start < images.size(); start += batchSize) {
            List<LabelledImage> chunk = images.subList(start, Math.min(images.size(), start + batchSize));
            List<LabelledImage> read = new ArrayList<>(chunk.size());
            List<XrayImage> pixels = new ArrayList<>(chunk.size());
            for (LabelledImage image : chunk) {
                try {
                    pixels.add(XrayImageReader.readForAnalysis(image.file()));
                    read.add(image);
                } catch (ImageReadException e) {
                    unreadable.add(e.getMessage());
                }
            }
            List<ClassScores> scores = classifier.scoreAll(pixels);
            for (int i = 0; i < read.size(); i++) {
                LabelledImage image = read.get(i);
                ClassScores d = scores.get(i);
                predictions.add(new LabelledPrediction(image.file().getFileName().toString(), image.patientId(),
                        image.source(), image.label(), d.probabilities(), Optional.of(d.logits())));
            }
            progress.accept(start + chunk.size());
        }
        return new Result(predictions, unreadable);
    }
}
