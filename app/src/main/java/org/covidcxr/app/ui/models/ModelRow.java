package org.covidcxr.app.ui.models;

/** One model version in the Models view's list; its card is shown by {@link ModelsViewModel#cardProperty()}. */
public record ModelRow(String version, boolean active, String parent, String createdAt, String createdBy,
                       String architecture, String covidAuroc) {
}
