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

    /**
     * A short description for run summaries and the model card. Deliberately without folder or file names: sites
     * name folders after studies and sometimes patients, and model cards leave the workstation.
     */
    default String describe() {
        if (this instanceof ClassFolders) {
            return "class folders";
        }
        if (this instanceof Manifest) {
            return "CSV manifest";
        }
        return "feedback dataset";
    }
}
