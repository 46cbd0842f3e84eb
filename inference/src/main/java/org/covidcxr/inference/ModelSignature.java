package org.covidcxr.inference;

import java.util.List;

/**
 * The SavedModel contract shared by the exporter (training) and the predictor (serving): tag, signature, tensor
 * names and class order. Changing any of these breaks every published model bundle.
 */
public final class ModelSignature {
    public static final String TAG = "serve";
    public static final String SIGNATURE = "serving_default";

    /** float32 [N, H, W, 1], preprocessed by {@code Preprocessor}. */
    public static final String INPUT_IMAGE = "image";
    /** float32 [N, 3], temperature-calibrated softmax, in {@link #CLASSES} order. */
    public static final String OUTPUT_PROBABILITIES = "probabilities";
    /** float32 [N, 3], pre-softmax and uncalibrated. */
    public static final String OUTPUT_LOGITS = "logits";
    /** float32 [N, 3, h, w]: Grad-CAM of each class over the last convolutional block, ReLU'd, not normalised. */
    public static final String OUTPUT_CAM = "cam";

    public static final List<String> CLASSES = List.of("covid", "normal", "pneumonia");
    public static final int COVID = 0;

    private ModelSignature() {
    }
}
