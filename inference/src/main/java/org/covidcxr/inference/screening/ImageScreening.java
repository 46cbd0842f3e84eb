package org.covidcxr.inference.screening;

import java.util.Optional;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.segmentation.LungAttention;
import org.covidcxr.inference.segmentation.PixelGate;
import org.covidcxr.inference.serving.CovidClassifier;
import org.covidcxr.inference.serving.Diagnosis;
import org.covidcxr.modelstore.ModelBundle;

/**
 * One image through the product's gate and model, alike for {@code predict}, {@code pacs send} and the archive
 * screening job: what the file says and the pixels show first (an image the model was not made for is not scored
 * unless asked), then the classifier and, where the bundle has a lung segmenter, the share of the COVID-19 attention
 * inside the lungs. Holds the model open until closed.
 */
public final class ImageScreening implements AutoCloseable {

    /**
     * What became of one image.
     *
     * @param suitability why the model was not made for the image; empty reasons when it was
     * @param diagnosis   the result; empty when the image was skipped as not suitable
     */
    public record Outcome(Suitability suitability, Optional<Diagnosis> diagnosis) {
        public boolean skipped() {
            return diagnosis.isEmpty();
        }
    }

    private final CovidClassifier classifier;
    private final Optional<PixelGate> gate;

    private ImageScreening(CovidClassifier classifier, Optional<PixelGate> gate) {
        this.classifier = classifier;
        this.gate = gate;
    }

    /**
     * Opens a verified bundle's classifier and lung segmenter.
     *
     * @throws org.covidcxr.inference.serving.ServingException when the model cannot be used; the message says why
     */
    public static ImageScreening open(ModelBundle bundle) {
        Optional<PixelGate> gate = PixelGate.open(bundle.directory());
        try {
            return new ImageScreening(CovidClassifier.open(bundle), gate);
        } catch (RuntimeException e) {
            gate.ifPresent(PixelGate::close);
            throw e;
        }
    }

    /**
     * Screens one image: skipped when the checks find it is not for this model, unless {@code anyway}, in which case
     * the lung segmenter's gate is not run and the cheaper checks' reasons go with the result as cautions.
     */
    public Outcome screen(XrayImage image, boolean anyway) {
        Suitability suitability = Suitability.of(image, anyway ? Optional.empty() : gate);
        if (!suitability.suitable() && !anyway) {
            return new Outcome(suitability, Optional.empty());
        }
        return new Outcome(suitability, Optional.of(withLungAttention(classifier.diagnose(image), image, gate)));
    }

    /**
     * The diagnosis with the share of its COVID-19 attention inside the lungs, where the model has a segmenter.
     *
     * @param image the image the model analysed
     */
    public static Diagnosis withLungAttention(Diagnosis diagnosis, XrayImage image, Optional<PixelGate> gate) {
        return gate.map(g -> diagnosis.withLungAttention(LungAttention.insideShare(
                diagnosis.heatMap(ModelSignature.CLASSES.get(ModelSignature.COVID)), g.lungs(image))))
                .orElse(diagnosis);
    }

    @Override
    public void close() {
        try {
            classifier.close();
        } finally {
            gate.ifPresent(PixelGate::close);
        }
    }
}
