package org.covidcxr.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;

/**
 * PixelMed's attribute list with one more sanity check: no top-level value may be longer than the file could hold,
 * so a corrupt length fails at once instead of allocating up to 2 GiB. This guards the meta header, which must be
 * parsed before {@link LengthCheck} (it needs the transfer syntax) can vet the data set at every nesting depth.
 */
final class BoundedAttributeList extends AttributeList {
    private static final long UNDEFINED_LENGTH = 0xFFFFFFFFL;
    private long maxValueLength;

    BoundedAttributeList(long maxValueLength) {
        this.maxValueLength = maxValueLength;
    }

    /** Raises the bound once a deflated data set is being inflated (it may legitimately exceed the file size). */
    void setMaxValueLength(long maxValueLength) {
        this.maxValueLength = maxValueLength;
    }

    @Override
    protected void checkSanityOfValueLength(long vl, byte[] vr, AttributeTag tag, boolean recovering)
            throws DicomException {
        super.checkSanityOfValueLength(vl, vr, tag, recovering);
        if (vl != UNDEFINED_LENGTH && vl > maxValueLength) {
            throw new DicomException("attribute " + tag + " claims " + vl + " bytes, more than the file holds");
        }
    }
}
