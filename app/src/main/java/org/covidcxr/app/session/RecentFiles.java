package org.covidcxr.app.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The most recently opened files, newest first, kept in a small text file (one path per line). */
public final class RecentFiles {
    public static final int MAX = 10;
    private static final Logger LOG = LoggerFactory.getLogger(RecentFiles.class);

    private final Path store;

    public RecentFiles(Path store) {
        this.store = store;
    }

    public List<Path> list() {
        if (!Files.isRegularFile(store)) {
            return List.of();
        }
        try {
            return Files.readAllLines(store, StandardCharsets.UTF_8).stream().filter(s -> !s.isBlank())
                    .map(Path::of).limit(MAX).toList();
        } catch (IOException e) {
            LOG.warn("recent files list unreadable ({}); starting a new one", e.getMessage());
            return List.of();
        }
    }

    /** Moves (or adds) the files or folders to the top, the last one first, and returns the new list. */
    public synchronized List<Path> add(List<Path> files) {
        List<Path> list = new ArrayList<>(list());
        for (Path file : files) {
            Path abs = file.toAbsolutePath().normalize();
            list.remove(abs);
            list.add(0, abs);
        }
        List<Path> kept = list.subList(0, Math.min(MAX, list.size()));
        try {
            Files.createDirectories(store.toAbsolutePath().getParent());
            Files.write(store, kept.stream().map(Path::toString).toList(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("cannot save the recent files list: {}", e.getMessage());
        }
        return List.copyOf(kept);
    }
}
