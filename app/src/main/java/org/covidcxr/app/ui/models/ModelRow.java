package org.covidcxr.app.ui.models;

/** One model version in the Models view, with its model card as readable text. */
public record ModelRow(String version, boolean active, String parent, String createdAt, String createdBy,
                       String architecture, String covidAuroc, String cardText) {
}
