package org.covidcxr.dicom;

import static org.covidcxr.dicom.ImageReadException.Problem.CORRUPT;
import static org.covidcxr.dicom.ImageReadException.Problem.EMPTY;
import static org.covidcxr.dicom.ImageReadException.Problem.NOT_AN_IMAGE;
import static org.covidcxr.dicom.ImageReadException.Problem.NOT_FOUND;
import static org.covidcxr.dicom.ImageReadException.Problem.TOO_LARGE;
import static org.covidcxr.dicom.ImageReadException.Problem.TRUNCATED;

import com.pixelmed.dicom.AttributeList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of image intake: a DICOM (Part 10 or bare data set), PNG or JPEG file → {@link XrayImage}, or exactly
 * one {@link ImageReadException} whose message names the file, the problem and what to do. Whatever the input, this
 * never lets another exception, an OutOfMemoryError or a hang escape: the file size is checked against
 * {@link #MAX_FILE_BYTES} before the file is read, image sizes against {@link #MAX_DECODED_BYTES} before pixel buffers
 * are allocated, and lengths against the file size.
 */
public final class XrayImageReader {

    /**
     * The most uncompressed pixel bytes (rows × columns × frames × samples × bytes per sample) a file may declare.
     * A 3000 × 3000 16-bit radiograph is 17 MiB; 512 MiB leaves room for multi-frame files while keeping a corrupt
     * or hostile header from exhausting the heap.
     */
    public static final long MAX_DECODED_BYTES = 512L << 20;

    /**
     * The largest file intake opens. Intake reads a file whole, in one pass, so a larger one is refused before it is
     * read; this leaves room for {@link #MAX_DECODED_BYTES} of pixel data plus a header far larger than any
     * radiograph's.
     */
    public static final long MAX_FILE_BYTES = MAX_DECODED_BYTES + (64L << 20);

    /**
     * The shortest side the analysis image of a JPEG 2000 file may have: a few times the network's 160-pixel input,
     * and enough for a first view on screen.
     */
    public static final int ANALYSIS_MIN_SIDE = 512;

    private XrayImageReader() {
    }

    /** Reads the file once (see {@link ImageIntake} for its attributes and checksum from that same read). */
    public static XrayImage read(Path file) throws ImageReadException {
        return guarded(file, () -> decode(FileBytes.read(file, MAX_FILE_BYTES), Resolution.FULL).image());
    }

    /**
     * The image the model analyses. For a JPEG 2000 file that is the smallest of its resolution levels whose sides
     * are both at least {@link #ANALYSIS_MIN_SIDE} pixels, when that level is smaller than the full image: decoded in
     * a fraction of the time, and all the network's input needs. For every other file it is the full image. Every
     * command that analyses a file reads it this way, so that a file gets the same probability whichever analyses it.
     * Fails exactly as {@link #read} does (the level's size is checked as the full image's is).
     */
    public static XrayImage readForAnalysis(Path file) throws ImageReadException {
        return guarded(file, () -> decode(FileBytes.read(file, MAX_FILE_BYTES), Resolution.ANALYSIS).image());
    }

    /** A step of intake, whose failures {@link #guarded} turns into the one exception. */
    @FunctionalInterface
    interface Step<T> {
        T run() throws IOException, IntakeProblem;
    }

    /** Decodes a whole file already in memory, whatever its kind, at {@code resolution}. */
    static DecodedImage decode(byte[] file, Resolution resolution) throws IntakeProblem {
        FileKind kind = FileKind.of(file);
        return switch (kind) {
            case EMPTY -> throw new IntakeProblem(EMPTY, "the file is empty (0 bytes); it was probably not copied "
                    + "completely. Ask for it to be sent again.");
            case DICOM -> DicomImageReader.read(file, MAX_DECODED_BYTES, resolution);
            case CUT_IN_PREAMBLE -> throw new IntakeProblem(TRUNCATED, "the file ends within the first bytes of "
                    + "a DICOM file; it was cut off during transfer or copying. Ask for it to be sent again.");
            case PNG, JPEG -> {
                XrayImage image = PlainImageReader.read(file, kind, MAX_DECODED_BYTES);
                yield new DecodedImage(image, new AttributeList(), image.width());
            }
            case PDF -> throw new IntakeProblem(NOT_AN_IMAGE, "this is a PDF document, not an image. Open the "
                    + "radiograph itself (DICOM, PNG or JPEG).");
            case OTHER -> throw new IntakeProblem(NOT_AN_IMAGE, "this is not a DICOM, PNG or JPEG image. Open the "
                    + "radiograph itself, exported from the PACS as DICOM.");
        };
    }

    /**
     * Runs an intake step on {@code file}, so that whatever goes wrong ends in exactly one {@link ImageReadException}
     * naming the file.
     */
    static <T> T guarded(Path file, Step<T> step) throws ImageReadException {
        if (!Files.isRegularFile(file)) {
            throw new ImageReadException(file, NOT_FOUND,
                    "the file does not exist or is not a regular file. Check the path.");
        }
        return decoding(file, step);
    }

    /**
     * Runs a step on bytes already read from {@code file} (which may have gone since), so that whatever goes wrong ends
     * in exactly one {@link ImageReadException} naming the file.
     */
    static <T> T decoding(Path file, Step<T> step) throws ImageReadException {
        try {
            return step.run();
        } catch (IntakeProblem p) {
            throw p.toImageReadException(file);
        } catch (IOException e) {
            throw new ImageReadException(file, CORRUPT, "the file could not be read (" + e.getMessage()
                    + "). Check that it is accessible and not damaged.", e);
        } catch (OutOfMemoryError e) {
            // A single failed huge allocation leaves the heap usable; the size checks above should prevent this.
            throw new ImageReadException(file, TOO_LARGE, "the image needs more memory than is available. It is "
                    + "damaged or far larger than a chest radiograph.", e);
        } catch (Throwable e) {
            // Third-party decoders (PixelMed, ImageIO plug-ins) signal corrupt input with all kinds of throwables:
            // jj2000 throws ThreadDeath on a cut JPEG 2000 stream. Only a failing JVM (other than a deep recursion on
            // a hostile file) is left to end the program; anything else is this file's problem alone.
            if (e instanceof VirtualMachineError vmError && !(e instanceof StackOverflowError)) {
                throw vmError;
            }
            throw new ImageReadException(file, CORRUPT, "the file is damaged and its image cannot be decoded. Ask for "
                    + "it to be sent again.", e);
        }
    }
}
