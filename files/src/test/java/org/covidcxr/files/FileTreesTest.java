package org.covidcxr.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path dir;

    @Test
    void copyCopiesAFolderWithEverythingBelowIt() throws IOException {
        Path from = Files.createDirectories(dir.resolve("model/saved_model/variables"));
        Files.writeString(from.resolve("variables.index"), "index");
        Files.createDirectories(dir.resolve("model/empty"));

        FileTrees.copy(dir.resolve("model"), dir.resolve("bundle/model"));

        assertThat(dir.resolve("bundle/model/saved_model/variables/variables.index")).hasContent("index");
        assertThat(dir.resolve("bundle/model/empty")).isEmptyDirectory();
    }

    @Test
    void copyCopiesASingleFile() throws IOException {
        Path atlas = Files.writeString(dir.resolve("atlas.png"), "atlas");

        FileTrees.copy(atlas, dir.resolve("bundle/lungs/atlas.png"));

        assertThat(dir.resolve("bundle/lungs/atlas.png")).hasContent("atlas");
    }

    @Test
    void deleteRemovesAFolderTreeAndAcceptsAMissingOne() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run/dataset/images"));
        Files.writeString(run.resolve("a.png"), "a");

        FileTrees.delete(dir.resolve("run"));
        FileTrees.delete(dir.resolve("run"));

        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void deleteRemovesALinkButNotWhatItPointsTo() throws IOException {
        Path kept = Files.createDirectories(dir.resolve("kept"));
        Files.writeString(kept.resolve("data.csv"), "keep");
        Path tree = Files.createDirectories(dir.resolve("tree"));
        try {
            Files.createSymbolicLink(tree.resolve("link"), kept);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "no symbolic links here: " + e);
        }

        FileTrees.delete(tree);

        assertThat(tree).doesNotExist();
        assertThat(kept.resolve("data.csv")).hasContent("keep");
    }
}
