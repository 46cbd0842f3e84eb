package org.covidcxr.app.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** Turns what the user dropped or chose (files and folders) into the image files to open. */
public final class ImageFiles {

    private ImageFiles() {
    }

    /**
     * Files are kept as given (an unreadable one is reported when opened); folders contribute every image-like file
     * inside them, recursively, in path order. Duplicates are dropped.
     */
    public static List<Path> expand(List<Path> chosen) {
        Set<Path> out = new LinkedHashSet<>();
        for (Path p : chosen) {
            Path abs = p.toAbsolutePath().normalize();
            if (Files.isDirectory(abs)) {
                try (Stream<Path> walk = Files.walk(abs)) {
                    walk.filter(Files::isRegularFile).filter(ImageFiles::looksLikeImage).sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list the folder " + abs + ": " + e.getMessage(), e);
                }
            } else {
                out.add(abs);
            }
        }
        return new ArrayList<>(out);
    }

    /** DICOM files often have no extension; hidden files and obvious non-images (CSV, text, …) are skipped. */
    static boolean looksLikeImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.startsWith(".") || name.equals("dicomdir")) {
            return false; // a DICOMDIR indexes the images beside it; they are opened themselves
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return true;
        }
        return switch (name.substring(dot + 1)) {
            case "dcm", "dicom", "dic", "png", "jpg", "jpeg" -> true;
            default -> name.substring(dot + 1).chars().allMatch(Character::isDigit); // DICOM UIDs as file names
        };
    }
}
