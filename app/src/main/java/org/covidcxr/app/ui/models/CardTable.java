package org.covidcxr.app.ui.models;

import java.util.List;

/**
 * One table of a model card, values already formatted for reading.
 *
 * @param title   what the table shows, e.g. "Test split (held out)"
 * @param caption how to read it, and what is missing from it; "" for none
 * @param columns the header, first column included; empty for a table of label–value pairs without a header
 * @param rows    the rows, each as long as the header (when there is one)
 */
public record CardTable(String title, String caption, List<String> columns, List<List<String>> rows) {
    public CardTable {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
    }
}
