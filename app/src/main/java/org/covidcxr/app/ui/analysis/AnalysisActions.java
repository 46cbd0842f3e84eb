package org.covidcxr.app.ui.analysis;

import java.util.function.Consumer;
import javafx.beans.value.ObservableBooleanValue;
import org.covidcxr.app.feedback.RadiologistLabel;
import org.covidcxr.app.ui.models.ModelCardContent;

/** What the analysis panel asks of the screen it sits in: the actions on the selected image. */
public interface AnalysisActions {
    /** Analyses the selected image even though it was flagged as unsuitable. */
    void runAnyway();

    /** Records the radiologist's label of the selected image. */
    void recordFeedback(RadiologistLabel label);

    /**
     * Reads the card of the model behind the shown result, with its tables and plots, in the background and hands it
     * to {@code show} on the UI thread; says so when no model has been used yet.
     */
    void readModelCard(Consumer<ModelCardContent> show);

    /** Whether an image is selected (labels apply to it). */
    ObservableBooleanValue hasSelection();
}
