package org.covidcxr.modelstore;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Archives crafted to escape the store or fill the disk are refused before anything lands in the store. */
class HostileArchiveTest {

    @TempDir
    Path tmp;
    Path root;
    ModelStore store;
    Map<String, byte[]> goodEntries;

    @BeforeEach
    void setUp() throws IOException {
        root = tmp.resolve("store");
        store = TestBundles.emptyStore(root);
        Path bundle = TestBundles.signed(tmp, "1.0.0", 4000);
        goodEntries = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(bundle)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                goodEntries.put("1.0.0/" + ChecksumManifest.relative(bundle, f), Files.readAllBytes(f));
            }
        }
    }

    @Test
    void theUntamperedArchiveIsAccepted() throws IOException {
        assertThat(store.importBundle(zip("good.zip", goodEntries), TestBundles.trustSender()).version())
                .isEqualTo("1.0.0");
    }

    @Test
    void zipSlipIsRefused() throws IOException {
        for (String evil : new String[] {"../evil.txt", "1.0.0/../../evil.txt", "1.0.0/saved_model/../../../evil.txt",
                "..\\evil.txt", "1.0.0/./x"}) {
            Map<String, byte[]> entries = new LinkedHashMap<>(goodEntries);
            entries.put(evil, "pwned".getBytes(StandardCharsets.UTF_8));
            Path zip = zip("slip.zip", entries);

            assertThatThrownBy(() -> store.importBundle(zip)).isInstanceOf(UnsafeArchiveException.class)
                    .hasMessageContaining(zip.toString()).hasMessageContaining("'" + evil + "'");
            assertNothingWritten();
        }
    }

    @Test
    void absolutePathsAreRefused() throws IOException {
        for (String evil : new String[] {tmp.resolve("evil.txt").toString(), "C:/evil.txt", "/evil.txt"}) {
            Map<String, byte[]> entries = new LinkedHashMap<>(goodEntries);
            entries.put(evil, "pwned".getBytes(StandardCharsets.UTF_8));
            Path zip = zip("absolute.zip", entries);

            assertThatThrownBy(() -> store.importBundle(zip)).isInstanceOf(UnsafeArchiveException.class)
                    .hasMessageContaining("is an absolute path or leaves its folder");
            assertNothingWritten();
        }
    }

    @Test
    void symbolicLinksAreRefused() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(goodEntries);
        entries.put("1.0.0/saved_model/link", "/etc/passwd".getBytes(StandardCharsets.UTF_8));
        Path zip = zip("link.zip", entries);
        markAsUnixSymlink(zip, "1.0.0/saved_model/link");

        assertThatThrownBy(() -> store.importBundle(zip)).isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("'1.0.0/saved_model/link' is a symbolic link");
        assertNothingWritten();
    }

    @Test
    void anArchiveDeclaringMoreThanTheLimitIsRefusedBeforeAnythingIsExtracted() throws IOException {
        ModelStore small = ModelStore.open(tmp.resolve("small-limit"), ModelStore.Settings.defaults()
                .withBundledModels(BundledModels.none()).withZipLimits(new ZipLimits(4 << 20, 100, 200)));
        Path zip = tmp.resolve("moderate-bomb.zip");
        java.util.Random random = new java.util.Random(1);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Map.Entry<String, byte[]> e : goodEntries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
            }
            // 8 MiB at a ratio far below 200: only its declared size gives it away.
            out.putNextEntry(new ZipEntry("1.0.0/saved_model/variables/padding"));
            byte[] block = new byte[1024];
            for (int i = 0; i < 8 * 1024; i++) {
                random.nextBytes(block);
                java.util.Arrays.fill(block, 100, block.length, (byte) 0);
                out.write(block);
            }
        }

        assertThatThrownBy(() -> small.importBundle(zip)).isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("declares").hasMessageContaining("more than the limit of " + (4 << 20));
        try (var left = Files.list(small.root())) {
            assertThat(left.filter(p -> !p.getFileName().toString().equals(".lock"))).isEmpty();
        }
    }

    @Test
    void aZipBombIsRefusedByItsCompressionRatio() throws IOException {
        Path zip = tmp.resolve("bomb.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Map.Entry<String, byte[]> e : goodEntries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
            }
            out.putNextEntry(new ZipEntry("1.0.0/saved_model/variables/zeros"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                out.write(zeros);
            }
        }
        assertThat(Files.size(zip)).isLessThan(1 << 20);

        assertThatThrownBy(() -> store.importBundle(zip)).isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("expands more than 200 times");
        assertNothingWritten();
    }

    @Test
    void archivesLargerThanTheLimitOrWithTooManyEntriesAreRefused() throws IOException {
        ModelStore strict = ModelStore.open(root, ModelStore.Settings.defaults()
                .withBundledModels(BundledModels.none()).withZipLimits(new ZipLimits(3000, 10_000, 200)));
        Path zip = zip("big.zip", goodEntries);
        assertThatThrownBy(() -> strict.importBundle(zip)).isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("declares").hasMessageContaining("more than the limit of 3000");

        ModelStore few = ModelStore.open(root, ModelStore.Settings.defaults()
                .withBundledModels(BundledModels.none()).withZipLimits(new ZipLimits(1 << 30, 3, 200)));
        assertThatThrownBy(() -> few.importBundle(zip)).isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("more than the limit of 3");
        assertNothingWritten();
    }

    @Test
    void damagedAndForeignArchivesAreRefusedClearly() throws IOException {
        Path notZip = Files.writeString(tmp.resolve("notes.zip"), "just text");
        assertThatThrownBy(() -> store.importBundle(notZip)).isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("not a zip archive");

        Path foreign = zip("foreign.zip", Map.of("photos/cat.jpg", new byte[10]));
        assertThatThrownBy(() -> store.importBundle(foreign)).hasMessageContaining("not a model bundle archive");

        Map<String, byte[]> tampered = new LinkedHashMap<>(goodEntries);
        tampered.put("1.0.0/" + TestBundles.VARIABLES, new byte[4000]);
        Path changed = zip("tampered.zip", tampered);
        assertThatThrownBy(() -> store.importBundle(changed)).isInstanceOf(BundleIntegrityException.class)
                .hasMessageContaining(TestBundles.VARIABLES + ": content changed");
        assertThatThrownBy(() -> store.importBundle(tmp.resolve("missing.zip"))).hasMessageContaining("no such file");
        assertNothingWritten();
    }

    private void assertNothingWritten() throws IOException {
        assertThat(tmp.resolve("evil.txt")).doesNotExist();
        assertThat(tmp.getParent().resolve("evil.txt")).doesNotExist();
        try (Stream<Path> entries = Files.list(root)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsOnly(".lock");
        }
    }

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        Path zip = tmp.resolve(name);
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
            }
        }
        return zip;
    }

    /** Rewrites one central-directory record as "made by Unix" with mode lrwxrwxrwx, as {@code zip -y} does. */
    private static void markAsUnixSymlink(Path zip, String name) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (int p = 0; p + 46 < bytes.length; p++) {
            if (buf.getInt(p) == 0x02014b50 && buf.getShort(p + 28) == wanted.length
                    && new String(bytes, p + 46, wanted.length, StandardCharsets.UTF_8).equals(name)) {
                buf.putShort(p + 4, (short) (3 << 8 | 20));
                buf.putInt(p + 38, 0120777 << 16);
                Files.write(zip, bytes);
                return;
            }
        }
        throw new IllegalStateException("no central record for " + name);
    }
}
