package org.covidcxr.app.ui.analysis;

import javafx.beans.value.ObservableBooleanValue;
import org.covidcxr.app.feedback.RadiologistLabel;

/** What the analysis panel asks of the screen it sits in: the actions on the selected image. */
public interface AnalysisActions {
    /** Analyses the selected image even though it was flagged as unsuitable. */
    void runAnyway();

    /** Records the radiologist's label of the selected image. */
    void recordFeedback(RadiologistLabel label);

    /** Whether an image is selected (labels apply to it). */
    ObservableBooleanValue hasSelection();
}
