package org.covidcxr.dicom;

/**
 * Which image of a file intake decodes: the full image, or the analysis image
 * ({@link XrayImageReader#readForAnalysis}).
 */
enum Resolution {
    FULL,
    ANALYSIS
}
