package org.covidcxr.inference.sitetraining;

import org.covidcxr.dicom.ImageReadException;

/** Why the scan cannot use a file; shown in the wizard's skip list. */
public enum ScanProblem {
    UNREADABLE("unreadable"),
    UNSUPPORTED("unsupported"),
    NOT_CHEST_XRAY("not a chest X-ray"),
    NOT_FRONTAL("not a frontal view"),
    BURNED_IN_TEXT("text burned into the pixels"),
    NO_CHEST_CONTENT("blank, tiny or elongated image"),
    DUPLICATE("duplicate"),
    NO_LABEL("no usable label"),
    MISSING("file missing");

    private final String text;

    ScanProblem(String text) {
        this.text = text;
    }

    /** The short reason shown to the trainer. */
    public String text() {
        return text;
    }

    /** Maps intake's reasons onto the two the trainer needs to tell apart: broken file vs. format we cannot use. */
    static ScanProblem of(ImageReadException.Problem problem) {
        return switch (problem) {
            case NOT_FOUND -> MISSING;
            case NOT_AN_IMAGE, UNSUPPORTED_COMPRESSION, UNSUPPORTED_FORMAT, TOO_LARGE, IDENTIFYING_PIXELS -> UNSUPPORTED;
            case EMPTY, TRUNCATED, CORRUPT, NO_PIXEL_DATA -> UNREADABLE;
        };
    }
}
