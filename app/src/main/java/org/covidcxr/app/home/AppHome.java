package org.covidcxr.app.home;

import java.nio.file.Path;

/**
 * Where the workstation keeps its local state: audit log, feedback dataset, recent files, the window's place, log,
 * PACS settings and the images received from a PACS.
 * One folder per user, {@code ~/.covidcxr} unless the system property {@code covidcxr.home} or the environment variable
 * {@code COVIDCXR_HOME} names another (tests and screenshots use a temporary one).
 */
public record AppHome(Path root) {

    public static AppHome fromEnvironment() {
        String configured = System.getProperty("covidcxr.home", System.getenv("COVIDCXR_HOME"));
        Path root = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".covidcxr");
        return new AppHome(root.toAbsolutePath());
    }

    public Path auditLog() {
        return root.resolve("audit").resolve("audit.jsonl");
    }

    public Path feedbackDataset() {
        return root.resolve("feedback");
    }

    public Path recentFiles() {
        return root.resolve("recent-files.txt");
    }

    /** The main window's size and place ({@link WindowSettings}). */
    public Path windowSettings() {
        return root.resolve("window.properties");
    }

    /** The rolling log ({@link LogFile}). */
    public Path logs() {
        return root.resolve("logs");
    }

    public Path reports() {
        return root.resolve("reports");
    }

    /** The DICOM network settings ({@code PacsSettings}). */
    public Path pacsSettings() {
        return root.resolve("pacs.json");
    }

    /** Where images received from a PACS are kept (size-capped by the PACS settings). */
    public Path incoming() {
        return root.resolve("incoming");
    }
}
