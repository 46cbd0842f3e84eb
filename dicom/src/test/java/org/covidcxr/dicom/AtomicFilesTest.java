package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void aFailedWriteLeavesNothingAndASuccessfulOneIsReadableLikeAPlainWrite() throws IOException {
        Path target = dir.resolve("export.png");
        assertThatThrownBy(() -> AtomicFiles.write(target, tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("disk full");
        })).hasMessage("disk full");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }

        AtomicFiles.write(target, tmp -> Files.writeString(tmp, "whole"));
        assertThat(target).hasContent("whole");
        assumeTrue(Files.getFileStore(target).supportsFileAttributeView(PosixFileAttributeView.class));
        // Temporary files are created private; an export shared with colleagues must not stay so.
        assertThat(Files.getPosixFilePermissions(target)).contains(PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    }
}
