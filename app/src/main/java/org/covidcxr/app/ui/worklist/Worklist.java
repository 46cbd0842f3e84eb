package org.covidcxr.app.ui.worklist;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import javafx.beans.Observable;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The opened images, in opening order, and which of them keep their decoded pixels in memory: a 2000 × 2000
 * radiograph takes 16 MB decoded, so a folder of hundreds would not fit in the heap; beyond a limit the least recently
 * shown are released and decoded again when shown.
 */
public final class Worklist {
    // The extractor makes a sorted view re-sort when a probability arrives.
    private final ObservableList<WorklistItem> items = FXCollections.observableArrayList(
            item -> new Observable[] {item.covidProbabilityProperty(), item.statusProperty()});
    /** Items holding a decoded image, least recently shown or opened first. */
    private final Deque<WorklistItem> resident = new ArrayDeque<>();
    private final int residentImages;

    /** @param residentImages how many decoded images stay in memory (at least the shown one) */
    public Worklist(int residentImages) {
        if (residentImages < 1) {
            throw new IllegalArgumentException("at least the shown image must stay in memory");
        }
        this.residentImages = residentImages;
    }

    public ObservableList<WorklistItem> items() {
        return items;
    }

    public Optional<WorklistItem> find(Path file) {
        return items.stream().filter(i -> i.file().equals(file)).findFirst();
    }

    public WorklistItem add(Path file) {
        WorklistItem item = new WorklistItem(file);
        items.add(item);
        return item;
    }

    public void remove(WorklistItem item) {
        items.remove(item);
        resident.remove(item);
    }

    /** Marks the item as most recently used and releases the least recently used beyond the limit, except {@code shown}. */
    public void keepResident(WorklistItem item, WorklistItem shown) {
        resident.remove(item);
        resident.addLast(item);
        for (var it = resident.iterator(); resident.size() > residentImages && it.hasNext(); ) {
            WorklistItem oldest = it.next();
            if (oldest != shown) {
                it.remove();
                oldest.release();
            }
        }
    }

    /** "3 images": what the status line says when the workstation is idle. */
    public String summary() {
        return items.size() + (items.size() == 1 ? " image" : " images");
    }
}
