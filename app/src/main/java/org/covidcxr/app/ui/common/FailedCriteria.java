package org.covidcxr.app.ui.common;

/**
 * What every screen that can put a model into use asks before activating one whose card says it failed its acceptance
 * criteria at the site (the Models view, the training wizard's Publish page), or whose card cannot be read.
 *
 * @param question the dialog's heading
 * @param text     why the user is asked
 */
public record FailedCriteria(String question, String text) {

    /** For {@code version}, whose card says it failed its acceptance criteria and was published with an override. */
    public static FailedCriteria of(String version) {
        return new FailedCriteria("Activate version " + version + ", which failed its acceptance criteria?",
                "Version " + version + " failed its acceptance criteria on the site's test data and was published "
                        + "with an override. Read its model card before putting it into use. Every analysis will use "
                        + "it; the audit log records this activation, your confirmation and the criteria.");
    }

    /** For {@code version}, whose card cannot be read, so whether it passed is unknown. */
    public static FailedCriteria unknown(String version, String problem) {
        return new FailedCriteria("Activate version " + version + ", whose model card cannot be read?",
                "The model card of version " + version + " cannot be read (" + problem + "), so whether it passed "
                        + "its acceptance criteria is unknown.");
    }
}
