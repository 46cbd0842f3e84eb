package org.covidcxr.pacs.results;

import org.covidcxr.dicom.Uids;

/**
 * Where a composite instance sits within its study: what a reference to it names.
 *
 * @param sopClassUid    what it is (CR image, Secondary Capture, Comprehensive SR, ...)
 * @param sopInstanceUid itself
 * @param seriesUid      its series
 */
record DicomInstance(String sopClassUid, String sopInstanceUid, String seriesUid) {
    /** A new instance of {@code sopClassUid} in a new series of its own. */
    static DicomInstance create(String sopClassUid) {
        return new DicomInstance(sopClassUid, Uids.newUid(), Uids.newUid());
    }
}
