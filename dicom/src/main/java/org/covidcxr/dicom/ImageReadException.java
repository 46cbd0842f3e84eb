package org.covidcxr.dicom;

import java.nio.file.Path;

/**
 * The one exception image intake raises for a file it cannot use. The message names the file, what is wrong and
 * what to do, in words a clinician understands.
 */
public final class ImageReadException extends Exception {

    /** Why a file could not be read, for callers that react differently (e.g. the training wizard's skip list). */
    public enum Problem {
        NOT_FOUND,
        EMPTY,
        NOT_AN_IMAGE,
        TRUNCATED,
        CORRUPT,
        NO_PIXEL_DATA,
        UNSUPPORTED_COMPRESSION,
        UNSUPPORTED_FORMAT,
        TOO_LARGE,
        /** The file states that text is burned into its pixels, which de-identification cannot remove. */
        IDENTIFYING_PIXELS
    }

    private final Path file;
    private final Problem problem;

    public ImageReadException(Path file, Problem problem, String message, Throwable cause) {
        super(file.getFileName() + ": " + message, cause);
        this.file = file;
        this.problem = problem;
    }

    public ImageReadException(Path file, Problem problem, String message) {
        this(file, problem, message, null);
    }

    public Path file() {
        return file;
    }

    public Problem problem() {
        return problem;
    }
}
