package org.covidcxr.modelstore;

/**
 * Something the user should know about a model shipped with this installation, found when the store was opened.
 *
 * @param version the shipped model's version
 * @param kind    what was found
 * @param message what happened and what to do, for the user
 */
public record BundledModelNotice(String version, Kind kind, String message) {

    public enum Kind {
        /** A shipped version the store did not have was added to it; it is not active. */
        ADDED,
        /** A shipped version could not be added (the message says why); the next start tries again. */
        NOT_ADDED,
        /** The store holds a model under a shipped version's number whose files differ from the shipped one. */
        CONTENT_DIFFERS
    }
}
