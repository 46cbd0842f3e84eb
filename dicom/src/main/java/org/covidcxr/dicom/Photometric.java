package org.covidcxr.dicom;

/** How stored values map to brightness. MONOCHROME1: the lowest value is displayed white (bone white on CR). */
public enum Photometric {
    MONOCHROME1,
    MONOCHROME2;

    /** True when the display must invert the VOI output so that bone appears white. */
    public boolean invertedForDisplay() {
        return this == MONOCHROME1;
    }
}
