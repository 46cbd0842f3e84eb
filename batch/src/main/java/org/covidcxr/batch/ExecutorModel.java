package org.covidcxr.batch;

import java.nio.file.Path;
import org.apache.spark.SparkFiles;
import org.covidcxr.inference.screening.ImageScreening;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;

/**
 * The model of one executor JVM: opened once, from the copy of the bundle Spark shipped to it, after its checksums
 * (and signature) were verified and its identity compared with the one the driver chose. Every task of the JVM shares
 * it (the classifier and segmenter are thread-safe); it stays open until the JVM ends.
 */
final class ExecutorModel {
    private static ImageScreening open;
    private static String openChecksum;

    private ExecutorModel() {
    }

    /**
     * The screening for the bundle shipped as {@code bundleName} (see {@code SparkContext.addFile}) whose checksum
     * manifest has SHA-256 {@code checksum}.
     *
     * @throws IllegalStateException when the shipped copy is not that bundle
     */
    static synchronized ImageScreening screening(String bundleName, String checksum) {
        if (open != null && openChecksum.equals(checksum)) {
            return open;
        }
        ModelBundle bundle = ModelBundles.open(Path.of(SparkFiles.get(bundleName)));
        String shipped = bundle.checksum();
        if (!shipped.equals(checksum)) {
            throw new IllegalStateException("The model bundle this executor received (" + bundle.version() + ", "
                    + shipped + ") is not the one the job chose (" + checksum + ").");
        }
        if (open != null) {
            open.close();
            open = null; // never handed out again, even if the next one fails to open
            openChecksum = null;
        }
        open = ImageScreening.open(bundle);
        openChecksum = checksum;
        return open;
    }
}
