package org.covidcxr.dicom;

import java.nio.file.Path;

/**
 * What the internal intake steps throw: a problem and a clinician-readable message, without the file, which
 * {@link XrayImageReader} adds when it turns this into the public {@link ImageReadException}.
 */
final class IntakeProblem extends Exception {
    private final ImageReadException.Problem problem;

    IntakeProblem(ImageReadException.Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    IntakeProblem(ImageReadException.Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    ImageReadException toImageReadException(Path file) {
        return new ImageReadException(file, problem, getMessage(), getCause() == null ? this : getCause());
    }

    ImageReadException.Problem problem() {
        return problem;
    }
}
