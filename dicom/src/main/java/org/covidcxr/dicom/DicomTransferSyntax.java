package org.covidcxr.dicom;

import java.util.Arrays;
import java.util.Optional;

/**
 * The transfer syntaxes intake knows, with how their pixel data is encoded. Anything not listed is refused as
 * unknown.
 */
enum DicomTransferSyntax {
    IMPLICIT_LE("1.2.840.10008.1.2", "Implicit VR Little Endian", Encoding.NATIVE_LE),
    EXPLICIT_LE("1.2.840.10008.1.2.1", "Explicit VR Little Endian", Encoding.NATIVE_LE),
    DEFLATED_LE("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", Encoding.NATIVE_LE),
    EXPLICIT_BE("1.2.840.10008.1.2.2", "Explicit VR Big Endian", Encoding.NATIVE_BE),
    JPEG_BASELINE("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", Encoding.JPEG),
    JPEG_EXTENDED("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", Encoding.JPEG),
    JPEG_LOSSLESS("1.2.840.10008.1.2.4.57", "JPEG Lossless (Process 14)", Encoding.JPEG),
    JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70", "JPEG Lossless (Process 14, Selection Value 1)", Encoding.JPEG),
    JPEG_LS_LOSSLESS("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless", Encoding.JPEG_LS),
    JPEG_LS_NEAR_LOSSLESS("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless)", Encoding.JPEG_LS),
    JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", "JPEG 2000 Lossless", Encoding.JPEG_2000),
    JPEG_2000("1.2.840.10008.1.2.4.91", "JPEG 2000", Encoding.JPEG_2000),
    RLE("1.2.840.10008.1.2.5", "RLE Lossless", Encoding.RLE),
    DEFLATED_FRAME("1.2.840.10008.1.2.8.1", "Deflated Image Frame Compression", Encoding.DEFLATED_FRAME);

    /** How the Pixel Data element holds the samples. */
    /** DEFLATED_FRAME: each frame's native little-endian bytes, deflated (RFC 1951), one fragment per frame. */
    enum Encoding { NATIVE_LE, NATIVE_BE, JPEG, JPEG_LS, JPEG_2000, RLE, DEFLATED_FRAME }

    private final String uid;
    private final String displayName;
    private final Encoding encoding;

    DicomTransferSyntax(String uid, String displayName, Encoding encoding) {
        this.uid = uid;
        this.displayName = displayName;
        this.encoding = encoding;
    }

    static Optional<DicomTransferSyntax> of(String uid) {
        String trimmed = uid == null ? "" : uid.trim();
        return Arrays.stream(values()).filter(ts -> ts.uid.equals(trimmed)).findFirst();
    }

    String uid() {
        return uid;
    }

    String displayName() {
        return displayName;
    }

    Encoding encoding() {
        return encoding;
    }

    boolean encapsulated() {
        return encoding != Encoding.NATIVE_LE && encoding != Encoding.NATIVE_BE;
    }

    boolean deflated() {
        return this == DEFLATED_LE;
    }
}
