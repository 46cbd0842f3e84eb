package org.covidcxr.app.report;

import java.awt.image.BufferedImage;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.covidcxr.inference.serving.Verdict;

/**
 * What a one-page report shows. Holds no patient name or ID: reports leave the workstation.
 *
 * @param image          the display image with the heat map blended in (or without, if the user hid it)
 * @param overlayCaption which map is shown, e.g. "Grad-CAM of class covid", or empty when none
 * @param inputSha256    identifies the input file without naming the patient
 * @param studyDescription modality and view, if known (no dates: they identify too)
 * @param probabilities  class → calibrated probability, in the model's class order
 * @param flags          reasons the model should not have judged this image (empty when none)
 */
public record ReportContent(BufferedImage image, String overlayCaption, String inputSha256, String studyDescription,
                           Map<String, Double> probabilities, double covidProbability, double threshold,
                           Verdict verdict, String modelVersion, String intendedUse, List<String> flags,
                           ZonedDateTime created) {
    public ReportContent {
        probabilities = Map.copyOf(probabilities);
        flags = List.copyOf(flags);
    }
}
