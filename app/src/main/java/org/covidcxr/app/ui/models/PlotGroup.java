package org.covidcxr.app.ui.models;

import java.util.List;

/** The plots of one group of images of one evaluation, e.g. the test split's source ieee8023. */
public record PlotGroup(String title, List<CardPlot> plots) {
    public PlotGroup {
        plots = List.copyOf(plots);
    }
}
