package org.covidcxr.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.covidcxr.modelstore.BundledModels;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive job on {@code hdfs://} paths, through Hadoop's file system API: a real HDFS (a name node and a data
 * node in the test JVM) holds the archive and receives the results.
 */
class HdfsArchiveTest {
    private static final Path SHARED = Path.of(System.getProperty("covidcxr.shared.data", "../shared/data"));
    private static final Path SHIPPED = Path.of("..", "model-store", "models");

    @TempDir
    Path tmp;

    @Test
    void anArchiveOnHdfsIsScreenedIntoResultsOnHdfsAndARerunSkipsIt() throws Exception {
        Path real = SHARED.resolve("dicom/real");
        assumeTrue(Files.isDirectory(real), "shared test data missing at " + SHARED.toAbsolutePath()
                + " (set -Dcovidcxr.shared.data)");
        List<String> versions = BundledModels.fromDirectory(SHIPPED).versions();
        ModelBundle bundle = ModelBundles.open(SHIPPED.resolve(versions.get(versions.size() - 1)));
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        SparkSession spark = SparkSession.builder().master("local[2]").appName("hdfs archive test")
                .config("spark.ui.enabled", false).getOrCreate();
        try {
            FileSystem fs = hdfs.getFileSystem();
            String root = fs.getUri().toString();
            for (String name : List.of("CR-MONO1-10-chest.dcm", "RG1_J2KI.dcm", "nih_DX_explicitLE.dcm")) {
                fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(real.resolve(name).toUri()),
                        new org.apache.hadoop.fs.Path(root + "/archive/" + name));
            }
            try (var out = fs.create(new org.apache.hadoop.fs.Path(root + "/archive/notes.txt"))) {
                out.writeBytes("not an image");
            }
            String results = root + "/results";

            ScreeningSummary first = ArchiveScreening.run(spark, new ArchiveScreening.Settings(
                    List.of(root + "/archive"), List.of(), results, bundle, false, 0, Optional.empty()), p -> { });
            ScreeningSummary again = ArchiveScreening.run(spark, new ArchiveScreening.Settings(
                    List.of(root + "/archive"), List.of(), results, bundle, false, 0, Optional.empty()), p -> { });

            assertThat(first.screened()).isEqualTo(4);
            assertThat(first.byStatus()).containsEntry(ScreeningRows.ANALYSED, 3L)
                    .containsEntry(ScreeningRows.UNREADABLE, 1L);
            assertThat(again.screened()).isZero();
            assertThat(again.skipped()).isEqualTo(4);
            List<Row> rows = spark.read().parquet(results).collectAsList();
            assertThat(rows).hasSize(4).allSatisfy(r -> assertThat(r.<String>getAs("file")).startsWith("hdfs://"));
        } finally {
            spark.stop();
            hdfs.shutdown();
        }
    }
}
