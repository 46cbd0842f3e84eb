package org.covidcxr.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A DICOM file opened for intake: its attributes up to Pixel Data (parsed by PixelMed) and, when the file has top-level
 * Pixel Data, the data set stream positioned just after that element's tag, so that {@link PixelDataReader} can read
 * only the first frame, with its own length checks, instead of PixelMed loading every frame.
 */
final class DicomHeader implements Closeable {
    private final AttributeList attributes;
    private final DicomTransferSyntax transferSyntax;
    private final DicomInputStream dataSet;
    private final boolean hasPixelData;

    private DicomHeader(AttributeList attributes, DicomTransferSyntax transferSyntax, DicomInputStream dataSet,
                        boolean hasPixelData) {
        this.attributes = attributes;
        this.transferSyntax = transferSyntax;
        this.dataSet = dataSet;
        this.hasPixelData = hasPixelData;
    }

    /**
     * Parses everything before Pixel Data. Part 10 files and bare data sets (no preamble, no meta header; PixelMed
     * guesses their transfer syntax) are both accepted.
     *
     * @param fileSize      no attribute may claim more bytes than the file holds: a corrupt length must fail fast,
     *                      not allocate gigabytes
     * @param inflatedLimit the bound instead of the file size once a deflated data set is being inflated
     * @throws UnknownTransferSyntaxException when the meta header names a transfer syntax intake does not know
     */
    static DicomHeader open(Path file, long fileSize, long inflatedLimit)
            throws IOException, DicomException, IntakeProblem {
        return read(ByteSource.of(file), fileSize, inflatedLimit, true);
    }

    /** As {@link #open(Path, long, long)}, over a file already read into memory. */
    static DicomHeader open(byte[] file, long inflatedLimit) throws IOException, DicomException, IntakeProblem {
        return read(ByteSource.of(file), file.length, inflatedLimit, true);
    }

    /**
     * Parses the whole data set, Pixel Data included but left compressed as stored (for the de-identified copy,
     * whose pixel data must stay byte-identical).
     */
    static DicomHeader openComplete(Path file, long fileSize, long inflatedLimit)
            throws IOException, DicomException, IntakeProblem {
        return read(ByteSource.of(file), fileSize, inflatedLimit, false);
    }

    private static DicomHeader read(ByteSource file, long fileSize, long inflatedLimit, boolean stopAtPixelData)
            throws IOException, DicomException, IntakeProblem {
        InputStream in = file.open();
        try {
            // A meta header without the 128-byte preamble and "DICM" is read as a meta header all the same, so that its
            // transfer syntax counts; PixelMed would otherwise guess one from the data set.
            DicomInputStream dis = startsWithMetaGroup(file)
                    ? new DicomInputStream(in, TransferSyntax.ExplicitVRLittleEndian, true) : new DicomInputStream(in);
            BoundedAttributeList list = new BoundedAttributeList(fileSize);
            long dataSetStart = dis.haveMetaHeader() ? list.readOnlyMetaInformationHeader(dis) : 0;
            TransferSyntax pixelmedSyntax = dis.getTransferSyntaxToReadDataSet();
            String uid = pixelmedSyntax == null ? "" : pixelmedSyntax.getUID();
            DicomTransferSyntax syntax = DicomTransferSyntax.of(uid)
                    .orElseThrow(() -> new UnknownTransferSyntaxException(uid));
            checkLengths(file, dataSetStart, syntax, fileSize, inflatedLimit, stopAtPixelData);
            if (syntax.deflated()) {
                list.setMaxValueLength(inflatedLimit);
            }
            // Inflate here rather than inside PixelMed so that the stream after Pixel Data's tag stays ours.
            DicomInputStream data = syntax.deflated()
                    ? new DicomInputStream(new RawInflaterStream(dis), TransferSyntax.ExplicitVRLittleEndian, false)
                    : dis;
            if (!stopAtPixelData) {
                list.setDecompressPixelData(false);
                list.read(data);
                return new DicomHeader(list, syntax, data, false);
            }
            StopAtTopLevelPixelData stop = new StopAtTopLevelPixelData();
            list.read(data, stop);
            return new DicomHeader(list, syntax, data, stop.reached);
        } catch (IOException | DicomException | IntakeProblem | RuntimeException | Error e) {
            in.close();
            throw e;
        }
    }

    /** Whether the file begins with a File Meta Information element (group 0002, little endian) rather than a preamble. */
    private static boolean startsWithMetaGroup(ByteSource file) throws IOException {
        try (InputStream in = file.open()) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && head[0] == 0x02 && head[1] == 0x00;
        }
    }

    /** Runs {@link LengthCheck} over the data set, inflating it first when it is deflated. */
    private static void checkLengths(ByteSource file, long dataSetStart, DicomTransferSyntax syntax, long fileSize,
                                     long inflatedLimit, boolean stopAtPixelData) throws IOException, IntakeProblem {
        try (InputStream raw = dataSet(file, dataSetStart, syntax.deflated())) {
            if (syntax.deflated()) {
                LengthCheck.checkInflating(raw, inflatedLimit, stopAtPixelData);
            } else {
                LengthCheck.check(raw, syntax != DicomTransferSyntax.IMPLICIT_LE,
                        syntax == DicomTransferSyntax.EXPLICIT_BE, fileSize - dataSetStart, stopAtPixelData);
            }
        }
    }

    private static InputStream dataSet(ByteSource file, long start, boolean deflated) throws IOException {
        InputStream raw = file.open();
        raw.skipNBytes(start);
        return deflated ? new RawInflaterStream(raw) : raw;
    }

    AttributeList attributes() {
        return attributes;
    }

    DicomTransferSyntax transferSyntax() {
        return transferSyntax;
    }

    /** The data set stream just after the top-level Pixel Data tag, when there is one. */
    Optional<DicomInputStream> pixelDataStream() {
        return hasPixelData ? Optional.of(dataSet) : Optional.empty();
    }

    @Override
    public void close() throws IOException {
        dataSet.close();
    }

    /**
     * Inflates a deflated data set (raw deflate, no zlib header: PS3.5 A.5) and, unlike a plain InflaterInputStream
     * given its own Inflater, frees the Inflater's native memory on close.
     */
    private static final class RawInflaterStream extends InflaterInputStream {
        RawInflaterStream(InputStream in) {
            super(in, new Inflater(true), 64 * 1024);
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                inf.end();
            }
        }
    }

    /** Thrown by {@link #open} when the transfer syntax is not one intake knows. */
    static final class UnknownTransferSyntaxException extends DicomException {
        private final String uid;

        UnknownTransferSyntaxException(String uid) {
            super("unknown transfer syntax " + uid);
            this.uid = uid;
        }

        String uid() {
            return uid;
        }
    }

    private static final class StopAtTopLevelPixelData implements AttributeList.ReadTerminationStrategy {
        private boolean reached;

        @Override
        public boolean terminate(AttributeList list, AttributeTag tag, long byteOffset) {
            reached = tag.equals(TagFromName.PixelData);
            return reached;
        }
    }
}
