package org.covidcxr.modelstore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the default model(s) shipped with the product come from: they seed an empty store, and a version new to an
 * existing store is added to it (not activated). Each bundled model is a sealed bundle; its {@value ModelBundle#MANIFEST_FILE} doubles as the list of files to copy.
 */
public interface BundledModels {

    /** System property naming an install folder holding bundled models ({@code <folder>/<version>/…}). */
    String DIRECTORY_PROPERTY = "covidcxr.bundled.models";
    /** Classpath folder of the models packed into the model-store jar (from {@code model-store/models/}). */
    String CLASSPATH_BASE = "covidcxr/models/";
    /** A file packed beside the bundles (from {@code model-store/models/README.md}) that locates them. */
    String CLASSPATH_MARKER = CLASSPATH_BASE + "README.md";

    /** The versions on offer (possibly none). */
    List<String> versions();

    /** Copies one bundled model's files, manifest and signature included, into an empty folder. */
    void copyTo(String version, Path emptyFolder) throws IOException;

    /** One bundled model's checksum manifest: relative path → SHA-256 hex (tells its content apart cheaply). */
    Map<String, String> manifest(String version) throws IOException;

    /** Where the models come from, for messages. */
    String description();

    /** The install folder named by {@value #DIRECTORY_PROPERTY} if set, else the models packed into this jar. */
    static BundledModels standard() {
        String dir = System.getProperty(DIRECTORY_PROPERTY);
        return dir != null && !dir.isBlank() ? fromDirectory(Path.of(dir))
                : fromClasspath(BundledModels.class.getClassLoader());
    }

    /** Bundles in sub-folders of {@code folder}; a missing folder offers none. */
    static BundledModels fromDirectory(Path folder) {
        return new BundledModels() {
            @Override
            public List<String> versions() {
                List<String> versions = new ArrayList<>();
                if (!Files.isDirectory(folder)) {
                    return versions;
                }
                try (DirectoryStream<Path> dirs = Files.newDirectoryStream(folder, Files::isDirectory)) {
                    for (Path d : dirs) {
                        String name = d.getFileName().toString();
                        if (ModelCard.isValidVersion(name) && Files.isRegularFile(d.resolve(ModelBundle.MANIFEST_FILE))) {
                            versions.add(name);
                        }
                    }
                } catch (IOException e) {
                    throw new ModelStoreException("Cannot list bundled models in " + folder + ": " + e.getMessage(), e);
                }
                versions.sort(VersionOrder.INSTANCE);
                return versions;
            }

            @Override
            public void copyTo(String version, Path emptyFolder) throws IOException {
                Path bundle = folder.resolve(version);
                for (String file : ModelBundles.filesToCopy(bundle)) {
                    try (InputStream in = Files.newInputStream(bundle.resolve(file))) {
                        copy(in, emptyFolder, file);
                    }
                }
            }

            @Override
            public Map<String, String> manifest(String version) throws IOException {
                return ChecksumManifest.read(folder.resolve(version).resolve(ModelBundle.MANIFEST_FILE));
            }

            @Override
            public String description() {
                return "install folder " + folder;
            }
        };
    }

    /**
     * Bundles packed under {@value #CLASSPATH_BASE}, found through the {@value #CLASSPATH_MARKER} packed beside them
     * (in a jar or a classes folder).
     */
    static BundledModels fromClasspath(ClassLoader loader) {
        return new BundledModels() {
            @Override
            public List<String> versions() {
                URL marker = loader.getResource(CLASSPATH_MARKER);
                if (marker == null) {
                    return List.of();
                }
                try {
                    List<String> versions = ClasspathFolders.bundleVersions(marker, CLASSPATH_BASE);
                    versions.sort(VersionOrder.INSTANCE);
                    return versions;
                } catch (IOException | URISyntaxException e) {
                    throw new ModelStoreException("Cannot list the bundled models at " + marker + ": "
                            + e.getMessage(), e);
                }
            }

            @Override
            public void copyTo(String version, Path emptyFolder) throws IOException {
                List<String> files = new ArrayList<>(manifest(version).keySet());
                files.add(ModelBundle.MANIFEST_FILE);
                if (loader.getResource(CLASSPATH_BASE + version + "/" + BundleSignature.FILE_NAME) != null) {
                    files.add(BundleSignature.FILE_NAME);
                }
                for (String file : files) {
                    try (InputStream in = open(CLASSPATH_BASE + version + "/" + file)) {
                        copy(in, emptyFolder, file);
                    }
                }
            }

            @Override
            public Map<String, String> manifest(String version) throws IOException {
                try (InputStream in = open(CLASSPATH_BASE + version + "/" + ModelBundle.MANIFEST_FILE)) {
                    return ChecksumManifest.parse(lines(in));
                }
            }

            private InputStream open(String resource) throws IOException {
                InputStream in = loader.getResourceAsStream(resource);
                if (in == null) {
                    throw new NoSuchFileException("classpath:" + resource);
                }
                return in;
            }

            @Override
            public String description() {
                return "classpath " + CLASSPATH_BASE;
            }
        };
    }

    /** A source with no models (tests, or a build without the default model). */
    static BundledModels none() {
        return new BundledModels() {
            @Override
            public List<String> versions() {
                return List.of();
            }

            @Override
            public void copyTo(String version, Path emptyFolder) {
                throw new ModelNotFoundException("No bundled model " + version);
            }

            @Override
            public Map<String, String> manifest(String version) {
                throw new ModelNotFoundException("No bundled model " + version);
            }

            @Override
            public String description() {
                return "seeding disabled";
            }
        };
    }

    private static void copy(InputStream in, Path folder, String relativePath) throws IOException {
        Path target = folder.resolve(relativePath);
        Files.createDirectories(target.getParent());
        CrashPoint.FILES.copy(in, target);
    }

    private static List<String> lines(InputStream in) throws IOException {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
    }
}
