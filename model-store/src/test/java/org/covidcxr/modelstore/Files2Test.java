package org.covidcxr.modelstore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The module's atomic-write helper: a target is replaced whole or not at all, and no temporary file stays. */
class Files2Test {

    @TempDir
    Path tmp;

    @Test
    void writeAtomicallyReplacesTheTargetWholeAndLeavesNoTemporaryFile() throws IOException {
        Path target = tmp.resolve("pointer.json");
        Files.writeString(target, "old");

        Files2.writeAtomically(target, out -> {
            out.write("new ".getBytes(StandardCharsets.UTF_8));
            out.write("content".getBytes(StandardCharsets.UTF_8));
        });

        assertThat(target).hasContent("new content");
        assertThat(names(tmp)).containsExactly("pointer.json");
    }

    @Test
    void aFailedWriteLeavesTheTargetAsItWasAndNoTemporaryFile() throws IOException {
        Path target = tmp.resolve("pointer.json");
        Files.writeString(target, "old");

        assertThatThrownBy(() -> Files2.writeAtomically(target, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).hasMessage("disk full");

        assertThat(target).hasContent("old");
        assertThat(names(tmp)).containsExactly("pointer.json");
    }

    @Test
    void renameAtomicallyMovesAWholeFolder() throws IOException {
        Path staging = Files.createDirectories(tmp.resolve(".staging-1/saved_model"));
        Files.writeString(staging.resolve("saved_model.pb"), "graph");

        Files2.renameAtomically(tmp.resolve(".staging-1"), tmp.resolve("1.0.0"));

        assertThat(tmp.resolve("1.0.0/saved_model/saved_model.pb")).hasContent("graph");
        assertThat(names(tmp)).containsExactly("1.0.0");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).toList();
        }
    }
}
