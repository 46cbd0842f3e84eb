package org.covidcxr.app.ui.training;

/** A point of a live curve: x is the epoch (fractional for steps inside an epoch), y the value. */
public record ChartPoint(double x, double y) {
}
