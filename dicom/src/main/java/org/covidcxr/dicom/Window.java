package org.covidcxr.dicom;

/**
 * A linear VOI window in modality units (DICOM PS3.3 C.11.2.1.2: centre/width, "LINEAR" function).
 *
 * @param explanation the file's Window Center &amp; Width Explanation, or a name such as "lung"; may be empty
 */
public record Window(double center, double width, String explanation) {
    public Window {
        if (!(width >= 1)) {
            throw new IllegalArgumentException("window width must be >= 1, was " + width);
        }
        explanation = explanation == null ? "" : explanation;
    }

    public double lower() {
        return center - width / 2;
    }

    public double upper() {
        return center + width / 2;
    }
}
