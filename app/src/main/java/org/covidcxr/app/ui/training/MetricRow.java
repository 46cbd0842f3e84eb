package org.covidcxr.app.ui.training;

/** One line of the side-by-side metrics table: values already formatted for reading. */
public record MetricRow(String metric, String active, String candidate) {
}
