package org.covidcxr.pacs;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Orthanc (Debian's package) for the tests, started by {@code scripts/orthanc.sh} on loopback with its
 * configuration and storage in a temporary folder; files go in through its REST API, and the REST API is how tests
 * check what arrived. The peers given are the DICOM nodes Orthanc may move studies to.
 */
public final class OrthancServer implements AutoCloseable {
    public static final String AE_TITLE = "ORTHANC";
    private static final Path SCRIPT = Path.of(System.getProperty("covidcxr.repo", "..")).resolve("scripts/orthanc.sh");

    private final Process process;
    private final int httpPort;
    private final int dicomPort;

    private OrthancServer(Process process, int httpPort, int dicomPort) {
        this.process = process;
        this.httpPort = httpPort;
        this.dicomPort = dicomPort;
    }

    /** Whether Debian's Orthanc is installed (scripts/setup.sh installs it); tests say so when it is not. */
    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/sbin/Orthanc")) || Files.isExecutable(Path.of("/usr/bin/Orthanc"));
    }

    /** Starts Orthanc with its state in {@code folder}; {@code peers} are DICOM nodes it knows (move destinations). */
    public static OrthancServer start(Path folder, DicomNode... peers) throws IOException, InterruptedException {
        return start(folder, 0, peers);
    }

    /** As {@link #start(Path, DicomNode...)}, refusing what does not fit in {@code storageMegabytes} (0: no limit). */
    public static OrthancServer start(Path folder, int storageMegabytes, DicomNode... peers)
            throws IOException, InterruptedException {
        int httpPort = freePort();
        int dicomPort = freePort();
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString(), folder.toString(),
                Integer.toString(httpPort), Integer.toString(dicomPort)));
        for (DicomNode p : peers) {
            command.add(p.aeTitle() + "=" + p.port());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(folder.resolveSibling(folder.getFileName() + ".log").toFile());
        builder.environment().put("ORTHANC_MAX_STORAGE_MB", Integer.toString(storageMegabytes));
        Process p = builder.start();
        OrthancServer server = new OrthancServer(p, httpPort, dicomPort);
        server.awaitReady();
        return server;
    }

    public DicomNode node() {
        return new DicomNode(AE_TITLE, "127.0.0.1", dicomPort);
    }

    /** Uploads DICOM files through the REST API; returns Orthanc's instance IDs. */
    public List<String> upload(List<Path> files) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (Path f : files) {
            String body = post("/instances", HttpRequest.BodyPublishers.ofFile(f));
            ids.add(field(body, "ID"));
        }
        return ids;
    }

    /** Orthanc's own ID of the (first) study of a patient, for its REST API. */
    public String studyOf(String patientId) throws IOException, InterruptedException {
        String ids = post("/tools/find", "{\"Level\":\"Study\",\"Query\":{\"PatientID\":\"" + patientId + "\"}}");
        int open = ids.indexOf('"');
        if (open < 0) {
            throw new IOException("Orthanc holds no study of patient " + patientId);
        }
        return ids.substring(open + 1, ids.indexOf('"', open + 1));
    }

    /** GET on the REST API; fails unless Orthanc answers 200. */
    public String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http().send(HttpRequest.newBuilder(uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("Orthanc GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    public byte[] getBytes(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http().send(HttpRequest.newBuilder(uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("Orthanc GET " + path + ": HTTP " + r.statusCode());
        }
        return r.body();
    }

    public String post(String path, String body) throws IOException, InterruptedException {
        return post(path, HttpRequest.BodyPublishers.ofString(body));
    }

    private String post(String path, HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        HttpResponse<String> r = http().send(HttpRequest.newBuilder(uri(path)).POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("Orthanc POST " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** Stops Orthanc at once (SIGKILL), as a crash or a pulled cable would. */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** A top-level string field of a JSON object (enough for Orthanc's small answers). */
    static String field(String json, String name) {
        int at = json.indexOf("\"" + name + "\"");
        int open = json.indexOf('"', json.indexOf(':', at) + 1);
        return json.substring(open + 1, json.indexOf('"', open + 1));
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Orthanc ended at start (exit " + process.exitValue() + "); see its log");
            }
            try {
                get("/system");
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        kill();
        throw new IOException("Orthanc did not answer within 30 s");
    }

    /** A client per request: Orthanc's web server closes idle kept-alive connections, which a pool would reuse. */
    private static HttpClient http() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
