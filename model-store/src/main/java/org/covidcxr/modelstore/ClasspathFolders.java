package org.covidcxr.modelstore;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** Lists the bundle folders beside a classpath resource, in a classes folder or a jar. */
final class ClasspathFolders {

    private ClasspathFolders() {
    }

    /**
     * Versions {@code V} for which {@code <base>V/checksums.sha256} exists next to {@code marker} (a resource
     * directly in {@code base}).
     */
    static List<String> bundleVersions(URL marker, String base) throws IOException, URISyntaxException {
        List<String> versions = new ArrayList<>();
        if (marker.getProtocol().equals("file")) {
            Path folder = Path.of(marker.toURI()).getParent();
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(folder, Files::isDirectory)) {
                for (Path d : dirs) {
                    addIfBundle(versions, d.getFileName().toString(),
                            Files.isRegularFile(d.resolve(ModelBundle.MANIFEST_FILE)));
                }
            }
            return versions;
        }
        URLConnection connection = marker.openConnection();
        if (!(connection instanceof JarURLConnection jarConnection)) {
            throw new IOException("bundled models can be read from folders and jars only, not " + marker);
        }
        jarConnection.setUseCaches(false); // our own JarFile, closed below
        try (JarFile jar = jarConnection.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            String suffix = "/" + ModelBundle.MANIFEST_FILE;
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.startsWith(base) && name.endsWith(suffix)) {
                    String version = name.substring(base.length(), name.length() - suffix.length());
                    addIfBundle(versions, version, true);
                }
            }
        }
        return versions;
    }

    private static void addIfBundle(List<String> versions, String name, boolean sealed) {
        if (sealed && ModelCard.isValidVersion(name)) {
            versions.add(name);
        }
    }
}
