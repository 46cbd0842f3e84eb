package org.covidcxr.app.feedback;

import java.util.Locale;

/** The radiologist's reading of an analysed image. {@code unsure} is kept for review but not trained on. */
public enum RadiologistLabel {
    COVID, NORMAL, PNEUMONIA, UNSURE;

    /** The manifest's spelling, the same as the model's class names. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
