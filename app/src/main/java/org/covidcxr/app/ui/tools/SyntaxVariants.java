package org.covidcxr.app.ui.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.covidcxr.dicom.ImageReadException;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.dicom.XrayImageReader;

/**
 * One radiograph, cropped and scaled to a square by dcmtk, re-encoded in each common transfer syntax by dcmtk and
 * GDCM (the references this project's decoders are checked against), for the benchmark's table per syntax.
 */
final class SyntaxVariants {
    /** A file in one transfer syntax, and the dcmtk tool that decodes it (none for JPEG 2000: not in free dcmtk). */
    record Variant(String syntax, Path file, Optional<String> dcmtkDecoder) {
    }

    /** What the variants were made from, and a 1 × 1 image of the same kind for dcmtk's start-up cost. */
    record Set(List<Variant> variants, Path tiny) {
        Variant uncompressed() {
            return variants.get(0);
        }
    }

    private SyntaxVariants() {
    }

    /**
     * @throws IOException when a tool is missing or fails, in words that say what to install
     */
    static Set make(Path radiograph, int side, Path folder) throws IOException, ImageReadException {
        Path raw = folder.resolve("source-raw.dcm");
        run("gdcmconv", "--raw", radiograph.toString(), raw.toString());
        XrayImage source = XrayImageReader.read(raw);
        // Scaled until the shorter side is `side`, then the middle of the longer side cut out: a square radiograph.
        boolean portrait = source.width() <= source.height();
        Path scaled = folder.resolve("source-scaled.dcm");
        run("dcmscale", portrait ? "+Sxv" : "+Syv", String.valueOf(side), raw.toString(), scaled.toString());
        long longer = Math.round((double) side * Math.max(source.width(), source.height())
                / Math.min(source.width(), source.height()));
        String offset = String.valueOf(Math.max(0, (longer - side) / 2));
        Path square = folder.resolve("explicit-le.dcm");
        run("dcmscale", "+C", portrait ? "0" : offset, portrait ? offset : "0", String.valueOf(side),
                String.valueOf(side), scaled.toString(), square.toString());
        Path tiny = folder.resolve("tiny.dcm");
        run("dcmscale", "+C", "0", "0", "1", "1", square.toString(), tiny.toString());

        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("Explicit VR Little Endian", square, Optional.of("dcmj2pnm")));
        variants.add(variant(folder, "Implicit VR Little Endian", "dcmj2pnm", square, "dcmconv", "+ti"));
        variants.add(variant(folder, "Explicit VR Big Endian", "dcmj2pnm", square, "dcmconv", "+tb"));
        variants.add(variant(folder, "Deflated Explicit VR Little Endian", "dcmj2pnm", square, "dcmconv", "+td"));
        variants.add(variant(folder, "RLE Lossless", "dcmj2pnm", square, "dcmcrle"));
        variants.add(variant(folder, "JPEG Lossless SV1", "dcmj2pnm", square, "dcmcjpeg", "+e1"));
        variants.add(variant(folder, "JPEG Lossless Process 14 (SV6)", "dcmj2pnm", square, "dcmcjpeg", "+el"));
        variants.add(variant(folder, "JPEG Extended 12-bit (lossy)", "dcmdjpeg", square, "dcmcjpeg", "+ee"));
        variants.add(variant(folder, "JPEG-LS Lossless", "dcml2pnm", square, "dcmcjpls"));
        variants.add(variant(folder, "JPEG 2000 Lossless", null, square, "gdcmconv", "--j2k"));
        return new Set(variants, tiny);
    }

    private static Variant variant(Path folder, String syntax, String decoder, Path source, String... tool)
            throws IOException {
        Path out = folder.resolve(syntax.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".dcm");
        List<String> command = new ArrayList<>(List.of(tool));
        command.addAll(List.of(source.toString(), out.toString()));
        run(command.toArray(String[]::new));
        return new Variant(syntax, out, Optional.ofNullable(decoder));
    }

    private static void run(String... command) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IOException(command[0] + " is not installed: the table per transfer syntax needs dcmtk and "
                    + "GDCM's tools (apt-get install dcmtk libgdcm-tools, or scripts/setup.sh)", e);
        }
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed: the radiograph could not be converted "
                        + "(give an uncompressed or JPEG 2000 greyscale DICOM radiograph)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command[0], e);
        }
    }
}
