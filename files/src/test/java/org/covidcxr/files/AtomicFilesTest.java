package org.covidcxr.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A target is replaced whole or not at all, no temporary file stays, and every durable step is reported. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    private final AtomicInteger steps = new AtomicInteger();
    private final AtomicFiles files = new AtomicFiles(steps::incrementAndGet);

    @Test
    void writeReplacesTheTargetWholeAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("pointer.json");
        Files.writeString(target, "old");

        files.write(target, file -> {
            Files.writeString(file, "new ");
            Files.writeString(file, "content", StandardOpenOption.APPEND);
        });

        assertThat(target).hasContent("new content");
        assertThat(names(dir)).containsExactly("pointer.json");
        assertThat(steps).as("the temporary file forced, then the rename").hasValue(2);
    }

    @Test
    void writeCreatesTheTargetsFolders() throws IOException {
        Path target = dir.resolve("exports/2024/card.json");

        files.write(target, "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(target).hasContent("{}");
    }

    @Test
    void aFailedWriteLeavesTheTargetAsItWasAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("pointer.json");
        Files.writeString(target, "old");

        assertThatThrownBy(() -> files.write(target, file -> {
            Files.writeString(file, "half");
            throw new IOException("disk full");
        })).hasMessage("disk full");

        assertThat(target).hasContent("old");
        assertThat(names(dir)).containsExactly("pointer.json");
        assertThat(steps).hasValue(0);
    }

    @Test
    void aWrittenFileIsReadableLikeAPlainWriteAndAReplacedOneKeepsItsPermissions() throws IOException {
        Path export = dir.resolve("export.png");
        AtomicFiles.PLAIN.write(export, file -> Files.writeString(file, "whole"));
        assumeTrue(Files.getFileStore(export).supportsFileAttributeView(PosixFileAttributeView.class));
        // Temporary files are created private; an export shared with colleagues must not stay so.
        assertThat(Files.getPosixFilePermissions(export)).contains(PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

        Files.setPosixFilePermissions(export, PosixFilePermissions.fromString("rw-------"));
        AtomicFiles.PLAIN.write(export, file -> Files.writeString(file, "again"));
        assertThat(Files.getPosixFilePermissions(export)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void renameMovesAWholeFolder() throws IOException {
        Path staging = Files.createDirectories(dir.resolve(".staging-1/saved_model"));
        Files.writeString(staging.resolve("saved_model.pb"), "graph");

        files.rename(dir.resolve(".staging-1"), dir.resolve("1.0.0"));

        assertThat(dir.resolve("1.0.0/saved_model/saved_model.pb")).hasContent("graph");
        assertThat(names(dir)).containsExactly("1.0.0");
        assertThat(steps).hasValue(1);
    }

    @Test
    void copyWritesANewFileOnly() throws IOException {
        Path target = dir.resolve("weights.bin");

        assertThat(files.copy(new ByteArrayInputStream(new byte[] {1, 2, 3}), target)).isEqualTo(3);

        assertThat(target).hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(steps).hasValue(1);
        assertThatThrownBy(() -> files.copy(new ByteArrayInputStream(new byte[0]), target))
                .isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void deleteIfExistsReportsAStepOnlyWhenItDeleted() throws IOException {
        Path journal = Files.writeString(dir.resolve(".change-in-progress.json"), "{}");

        files.deleteIfExists(journal);
        files.deleteIfExists(journal);

        assertThat(journal).doesNotExist();
        assertThat(steps).hasValue(1);
    }

    @Test
    void wouldReplaceOnlyTheSameExistingFile() throws IOException {
        Path source = Files.writeString(dir.resolve("study.dcm"), "pixels");

        assertThat(AtomicFiles.wouldReplace(dir.resolve("./study.dcm"), source)).isTrue();
        assertThat(AtomicFiles.wouldReplace(dir.resolve("copy.dcm"), source)).isFalse();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).toList();
        }
    }
}
