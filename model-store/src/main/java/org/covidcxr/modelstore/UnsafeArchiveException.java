package org.covidcxr.modelstore;

/** An archive offered for import was refused (path traversal, absolute path, link, too large, malformed). */
public class UnsafeArchiveException extends ModelStoreException {

    public UnsafeArchiveException(String message) {
        super(message);
    }
}
