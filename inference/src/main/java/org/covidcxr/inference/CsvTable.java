package org.covidcxr.inference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A small RFC 4180 CSV table with a header row (quoted fields, doubled quotes, commas and line breaks inside quotes).
 * Header names are matched case-insensitively; a UTF-8 byte-order mark (spreadsheet exports) is ignored. Reads the
 * training data manifests and the training wizard's site manifests.
 */
public final class CsvTable {
    private final Path file;
    private final Map<String, Integer> columns;
    private final List<List<String>> rows;

    private CsvTable(Path file, Map<String, Integer> columns, List<List<String>> rows) {
        this.file = file;
        this.columns = columns;
        this.rows = rows;
    }

    public static CsvTable read(Path file) throws IOException {
        List<List<String>> records;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            records = parse(reader);
        }
        if (records.isEmpty()) {
            throw new IOException(file.getFileName() + " is empty; a manifest needs a header row such as "
                    + "'file,label,patient_id'.");
        }
        Map<String, Integer> columns = new HashMap<>();
        List<String> header = records.get(0);
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT);
            columns.putIfAbsent(name, i);
        }
        return new CsvTable(file, columns, records.subList(1, records.size()));
    }

    /** Fails with a message naming the manifest and the missing column. */
    public void require(String... names) throws IOException {
        for (String name : names) {
            if (!columns.containsKey(name)) {
                throw new IOException(file.getFileName() + " has no '" + name + "' column; the header must name "
                        + "at least 'file' and 'label' (optionally 'patient_id').");
            }
        }
    }

    public boolean has(String column) {
        return columns.containsKey(column);
    }

    public int size() {
        return rows.size();
    }

    /** Row {@code row}'s value of {@code column}, stripped; empty when the column or the cell is missing. */
    public Optional<String> get(int row, String column) {
        Integer index = columns.get(column);
        List<String> record = rows.get(row);
        if (index == null || index >= record.size() || record.get(index).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(record.get(index).strip());
    }

    /** 1-based line-ish number of a data row for messages (exact unless earlier fields contain line breaks). */
    public static int lineOf(int row) {
        return row + 2;
    }

    private static List<List<String>> parse(BufferedReader reader) throws IOException {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int c; (c = reader.read()) != -1; ) {
            any = true;
            if (quoted) {
                if (c == '"') {
                    reader.mark(1);
                    if (reader.read() == '"') {
                        field.append('"');
                    } else {
                        reader.reset();
                        quoted = false;
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r') {
                    reader.mark(1);
                    if (reader.read() != '\n') {
                        reader.reset();
                    }
                }
                record.add(field.toString());
                field.setLength(0);
                addUnlessBlank(records, record);
                record = new ArrayList<>();
                any = false;
            } else {
                field.append((char) c);
            }
        }
        if (any) {
            record.add(field.toString());
            addUnlessBlank(records, record);
        }
        return records;
    }

    private static void addUnlessBlank(List<List<String>> records, List<String> record) {
        if (!(record.size() == 1 && record.get(0).isBlank())) {
            records.add(record);
        }
    }

    /** Writes one CSV record, quoting only where needed. */
    public static void writeRow(Writer out, String... values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            String v = values[i];
            if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
                out.write('"' + v.replace("\"", "\"\"") + '"');
            } else {
                out.write(v);
            }
        }
        out.write('\n');
    }
}
