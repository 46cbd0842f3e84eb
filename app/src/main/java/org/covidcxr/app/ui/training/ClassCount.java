package org.covidcxr.app.ui.training;

/** One row of the Data and Split steps' tables: a class and its images/patients in each part. */
public record ClassCount(String label, int images, int patients, int train, int validation, int test) {
}
