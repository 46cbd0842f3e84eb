package org.covidcxr.dicom;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * An input file read once and decoded in two stages: at first only the image the model analyses
 * ({@link XrayImageReader#readForAnalysis}), with the attributes and the SHA-256 of the bytes; the full image later,
 * from the same bytes, so that opening shows and analyses a large JPEG 2000 radiograph at a reduced level while its
 * full image is still decoding. For every other file the analysis image is the full image and nothing is left to
 * decode. Thread-safe.
 */
public final class StagedIntake {
    private final Path file;
    private final XrayImage analysisImage;
    private final List<DicomAttributes.Entry> attributes;
    private final String sha256;
    private final int fullWidth;
    /** The file's bytes until the full image is decoded from them. */
    private byte[] bytes;
    private ImageIntake full;

    private StagedIntake(Path file, byte[] bytes, DecodedImage analysis) throws IntakeProblem {
        this.file = file;
        this.bytes = bytes;
        this.analysisImage = analysis.image();
        this.attributes = DicomAttributes.of(analysis.header());
        this.sha256 = sha256(bytes);
        this.fullWidth = analysis.fullWidth();
    }

    /**
     * Opens and reads the file once, decodes its analysis image and lists its attributes. Slow (run off the UI
     * thread); fails exactly as {@link XrayImageReader#read} does.
     */
    public static StagedIntake read(Path file) throws ImageReadException {
        return XrayImageReader.guarded(file, () -> {
            byte[] bytes = FileBytes.read(file, XrayImageReader.MAX_FILE_BYTES);
            return new StagedIntake(file, bytes, XrayImageReader.decode(bytes, Resolution.ANALYSIS));
        });
    }

    /**
     * The bytes of a file read through another file system (e.g. Hadoop's, for HDFS or S3), refused when absurdly
     * large as {@link #read(Path)} refuses them: {@code name} names it in messages, {@code size} is its length as
     * listed. The caller closes {@code in}.
     */
    public static byte[] readBytes(Path name, InputStream in, long size) throws ImageReadException {
        return XrayImageReader.decoding(name, () -> FileBytes.read(in, size, XrayImageReader.MAX_FILE_BYTES));
    }

    /** As {@link #read(Path)}, for bytes from {@link #readBytes}; {@code name} names the file in messages. */
    public static StagedIntake decode(Path name, byte[] bytes) throws ImageReadException {
        return XrayImageReader.decoding(name, () -> new StagedIntake(name, bytes,
                XrayImageReader.decode(bytes, Resolution.ANALYSIS)));
    }

    public XrayImage analysisImage() {
        return analysisImage;
    }

    public List<DicomAttributes.Entry> attributes() {
        return attributes;
    }

    public String sha256() {
        return sha256;
    }

    /** True when the analysis image is a reduced resolution level: {@link #full} has the full image to decode. */
    public boolean reduced() {
        return analysisImage.width() < fullWidth;
    }

    /** The full image's width (the analysis image's own unless {@link #reduced}). */
    public int fullWidth() {
        return fullWidth;
    }

    /**
     * The whole intake, decoding the full image from the bytes read (slow; only for a {@link #reduced} analysis
     * image: else it is the full image). Decoded once, whoever asks first; fails as {@link XrayImageReader#read}.
     */
    public synchronized ImageIntake full() throws ImageReadException {
        if (full == null) {
            XrayImage image = reduced() ? XrayImageReader.decoding(file,
                    () -> XrayImageReader.decode(bytes, Resolution.FULL).image()) : analysisImage;
            full = new ImageIntake(image, analysisImage, attributes, sha256);
            bytes = null;
        }
        return full;
    }

    /** SHA-256 of a file's bytes, hex: how the audit log and the archive's results name an input. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
