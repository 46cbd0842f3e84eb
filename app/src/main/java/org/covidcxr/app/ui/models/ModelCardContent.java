package org.covidcxr.app.ui.models;

import java.util.List;

/**
 * A model card laid out in sections for the card view, in the order people decide by: what the model is for and
 * where it fails, then its figures, its plots, and where it came from. A section with something missing says so in
 * its notes.
 *
 * @param version        the model's version
 * @param heading        one line naming the model, e.g. "Model 1.1.1 — resnet-w16, input 160 × 160 × 1"
 * @param intendedUse    the intended-use statement
 * @param limitations    the known limitations
 * @param warnings       what must be read before using the model (failed acceptance criteria); usually empty
 * @param figures        the evaluation figures: per evaluation overall and per source, the selective verdict,
 *                       acceptance criteria, shortcut audit
 * @param figureNotes    plain statements about figures the card lacks
 * @param plots          the bundle's evaluation plots, by evaluation and group of images
 * @param plotNotes      plain statements about plots the bundle lacks or that could not be read
 * @param provenance     version, lineage, training data, preprocessing, checksums
 * @param provenanceNotes plain statements about provenance the bundle lacks, and the card's free-text notes
 */
public record ModelCardContent(String version, String heading, String intendedUse, List<String> limitations,
                               List<String> warnings, List<CardTable> figures, List<String> figureNotes,
                               List<PlotGroup> plots, List<String> plotNotes, List<CardTable> provenance,
                               List<String> provenanceNotes) {
    public ModelCardContent {
        limitations = List.copyOf(limitations);
        warnings = List.copyOf(warnings);
        figures = List.copyOf(figures);
        figureNotes = List.copyOf(figureNotes);
        plots = List.copyOf(plots);
        plotNotes = List.copyOf(plotNotes);
        provenance = List.copyOf(provenance);
        provenanceNotes = List.copyOf(provenanceNotes);
    }
}
