package org.covidcxr.pacs;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * A study-level C-FIND: each given field narrows the search; patient name may hold DICOM wildcards ({@code *}, {@code ?}).
 * An empty query asks for every study the node will list.
 */
public record StudyQuery(Optional<String> patientId, Optional<String> patientName, Optional<LocalDate> from,
                         Optional<LocalDate> to, Optional<String> modality, Optional<String> accessionNumber) {

    public static final StudyQuery ALL = new StudyQuery(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    public StudyQuery {
        patientId = patientId.map(String::strip).filter(s -> !s.isEmpty());
        patientName = patientName.map(String::strip).filter(s -> !s.isEmpty());
        modality = modality.map(String::strip).filter(s -> !s.isEmpty());
        accessionNumber = accessionNumber.map(String::strip).filter(s -> !s.isEmpty());
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw new IllegalArgumentException("The date range ends (" + to.get() + ") before it starts ("
                    + from.get() + ")");
        }
    }

    public StudyQuery withPatientId(String id) {
        return new StudyQuery(Optional.ofNullable(id), patientName, from, to, modality, accessionNumber);
    }

    public StudyQuery withDates(LocalDate first, LocalDate last) {
        return new StudyQuery(patientId, patientName, Optional.ofNullable(first), Optional.ofNullable(last), modality,
                accessionNumber);
    }

    /** The Study Date matching key: a single date, an open or a closed range (PS3.4 C.2.2.2.5). */
    Optional<String> dateRange() {
        if (from.isEmpty() && to.isEmpty()) {
            return Optional.empty();
        }
        DateTimeFormatter da = DateTimeFormatter.BASIC_ISO_DATE;
        return Optional.of(from.map(da::format).orElse("") + "-" + to.map(da::format).orElse(""));
    }
}
