package org.covidcxr.app.ui.common;

/** A message for the user (shown as a notification by the view). */
public record Notice(Level level, String title, String text) {
    public enum Level { INFO, WARNING, ERROR }
}
