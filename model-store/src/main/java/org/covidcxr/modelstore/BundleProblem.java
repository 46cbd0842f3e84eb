package org.covidcxr.modelstore;

/**
 * One reason a bundle failed verification.
 *
 * @param kind    what is wrong
 * @param file    the file concerned, relative to the bundle folder ('/'-separated)
 * @param message what is wrong, in words
 */
public record BundleProblem(Kind kind, String file, String message) {

    public enum Kind {
        /** Content differs from the manifest's SHA-256. */
        MODIFIED,
        /** Listed in the manifest but absent. */
        MISSING,
        /** Present but not listed in the manifest. */
        UNEXPECTED,
        /** A symbolic link or other non-regular file. */
        NOT_A_REGULAR_FILE,
        /** The manifest itself is missing or unreadable. */
        MANIFEST,
        /** The model card is missing, unreadable or inconsistent. */
        CARD,
        /** A required part of the bundle (the SavedModel) is absent. */
        INCOMPLETE,
        /** The signature is unreadable or does not match the manifest. */
        SIGNATURE
    }

    @Override
    public String toString() {
        return file + ": " + message;
    }
}
