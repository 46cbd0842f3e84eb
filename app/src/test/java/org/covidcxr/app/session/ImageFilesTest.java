package org.covidcxr.app.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a folder takes what may be images, and leaves out hidden files, other documents and a CD's DICOMDIR. */
class ImageFilesTest {
    @TempDir
    Path dir;

    @Test
    void aFolderYieldsItsImagesButNotItsDicomdir() throws Exception {
        for (String name : List.of("DICOMDIR", "IMG00001", "chest.dcm", "1.2.840.113619.2.55.3", "scan.PNG",
                ".hidden.dcm", "notes.txt")) {
            Files.writeString(dir.resolve(name), "");
        }

        assertThat(ImageFiles.expand(List.of(dir))).extracting(p -> p.getFileName().toString())
                .containsExactly("1.2.840.113619.2.55.3", "IMG00001", "chest.dcm", "scan.PNG");
        assertThat(ImageFiles.expand(List.of(dir.resolve("DICOMDIR")))).as("chosen by itself, it is tried")
                .hasSize(1);
    }
}
