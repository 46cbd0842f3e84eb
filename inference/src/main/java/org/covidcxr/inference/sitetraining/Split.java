package org.covidcxr.inference.sitetraining;

/** The three parts of a site's data; names match the {@code split} column of dataset manifests. */
public enum Split {
    TRAIN("train"),
    VAL("val"),
    TEST("test");

    private final String column;

    Split(String column) {
        this.column = column;
    }

    /** The value in a manifest's {@code split} column. */
    public String column() {
        return column;
    }
}
