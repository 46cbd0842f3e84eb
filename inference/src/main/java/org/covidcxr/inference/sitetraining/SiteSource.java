package org.covidcxr.inference.sitetraining;

import java.nio.file.Path;

/** Where a site's labelled images come from; the wizard may combine several. */
public sealed interface SiteSource {

    /** A folder with one sub-folder per class ({@code covid}, {@code normal}, {@code pneumonia}), searched recursively. */
    record ClassFolders(Path root) implements SiteSource {
    }

    /**
     * A CSV manifest with a header naming at least {@code file} and {@code label}, optionally {@code patient_id};
     * {@code file} is relative to the manifest's folder (or absolute).
     */
    record Manifest(Path csv) implements SiteSource {
    }

    /** The feedback dataset the viewer collects (radiologist labels); its images are already de-identified. */
    record Feedback(Path folder) implements SiteSource {
        /** The feedback dataset's manifest inside its folder. */
        public Path manifest() {
            return folder.resolve("manifest.csv");
        }
    }

    /** A short description for the data summary in the model card (no patient data, only the folder name). */
    default String describe() {
        if (this instanceof ClassFolders f) {
            return "class folders '" + f.root().getFileName() + "'";
        }
        if (this instanceof Manifest m) {
            return "manifest '" + m.csv().getFileName() + "'";
        }
        return "feedback dataset";
    }
}
