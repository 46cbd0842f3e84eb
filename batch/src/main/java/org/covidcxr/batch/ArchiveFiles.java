package org.covidcxr.batch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The files of an archive, through Hadoop's file system API so that local paths, {@code hdfs://} and {@code s3a://}
 * alike work: every file under a folder (hidden ones aside), a file named directly, and the paths listed one per line
 * in list files.
 */
final class ArchiveFiles {

    /**
     * One file to screen.
     *
     * @param path  its fully qualified path (e.g. {@code file:/archive/a.dcm}, {@code hdfs://nn/archive/a.dcm})
     * @param bytes its length
     */
    record Entry(String path, long bytes) {
    }

    private ArchiveFiles() {
    }

    /**
     * Every file once, however often the inputs name it, and none from the results' own folder.
     *
     * @param inputs files or folders (walked recursively)
     * @param lists  files listing one path per line (blank lines and lines starting with # are ignored)
     * @param output the results' folder, which may lie inside an input folder
     * @throws IOException naming an input that does not exist
     */
    static List<Entry> list(List<String> inputs, List<String> lists, String output, Configuration conf)
            throws IOException {
        List<String> all = new ArrayList<>(inputs);
        for (String list : lists) {
            all.addAll(readList(new Path(list), conf));
        }
        Path results = new Path(output);
        String outputPrefix = results.getFileSystem(conf).makeQualified(results) + "/";
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String input : all) {
            Path path = new Path(input);
            FileSystem fs = path.getFileSystem(conf);
            FileStatus status;
            try {
                status = fs.getFileStatus(path);
            } catch (java.io.FileNotFoundException e) {
                throw new IOException("Nothing to screen at " + input + ": no such file or folder.", e);
            }
            if (status.isFile()) {
                String file = fs.makeQualified(path).toString();
                entries.putIfAbsent(file, new Entry(file, status.getLen()));
                continue;
            }
            Path root = fs.makeQualified(path);
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
            while (files.hasNext()) {
                LocatedFileStatus file = files.next();
                String name = file.getPath().toString();
                if (!hidden(root, file.getPath()) && !name.startsWith(outputPrefix)) {
                    entries.putIfAbsent(name, new Entry(name, file.getLen()));
                }
            }
        }
        return new ArrayList<>(entries.values());
    }

    private static List<String> readList(Path list, Configuration conf) throws IOException {
        FileSystem fs = list.getFileSystem(conf);
        List<String> paths = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(list), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String p = line.strip();
                if (!p.isEmpty() && !p.startsWith("#")) {
                    paths.add(p);
                }
            }
        } catch (java.io.FileNotFoundException e) {
            throw new IOException("The list of files " + list + " does not exist.", e);
        }
        return paths;
    }

    /** A file or folder whose name starts with a dot or an underscore (Hadoop's and Spark's own, e.g. _SUCCESS). */
    private static boolean hidden(Path root, Path file) {
        for (Path p = file; p != null && p.depth() > root.depth(); p = p.getParent()) {
            String name = p.getName();
            if (name.startsWith(".") || name.startsWith("_")) {
                return true;
            }
        }
        return false;
    }
}
