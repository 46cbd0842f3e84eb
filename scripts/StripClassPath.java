import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Copies a jar, dropping the manifest's Class-Path (Debian jars point it at /usr/share/java). */
public class StripClassPath {
    public static void main(String[] args) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of(args[0]));
             JarInputStream jar = new JarInputStream(in)) {
            Manifest manifest = jar.getManifest() == null ? new Manifest() : jar.getManifest();
            manifest.getMainAttributes().remove(Attributes.Name.CLASS_PATH);
            manifest.getMainAttributes().putIfAbsent(Attributes.Name.MANIFEST_VERSION, "1.0");
            try (OutputStream out = Files.newOutputStream(Path.of(args[1]));
                 JarOutputStream copy = new JarOutputStream(out, manifest)) {
                for (JarEntry entry; (entry = jar.getNextJarEntry()) != null; ) {
                    copy.putNextEntry(new JarEntry(entry.getName()));
                    jar.transferTo(copy);
                    copy.closeEntry();
                }
            }
        }
    }
}
