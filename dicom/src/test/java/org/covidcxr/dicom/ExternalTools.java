package org.covidcxr.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The reference tools the tests make and check files with (dcmtk's dcmconv, dcmcjpeg, dcmdjpeg, dcmodify, dcmmkdir;
 * GDCM's gdcmconv; {@code scripts/setup.sh} installs both): false when one is missing or fails, so a test can say so.
 */
final class ExternalTools {

    private ExternalTools() {
    }

    static boolean run(String... command) throws InterruptedException {
        return runIn(Path.of("."), command);
    }

    static boolean runIn(Path folder, String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
