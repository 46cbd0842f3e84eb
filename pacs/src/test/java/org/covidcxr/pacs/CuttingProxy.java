package org.covidcxr.pacs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A loopback TCP relay that passes the first {@code limit} bytes a client sends on to a server and then cuts both
 * connections, as a network failure or a crashed sender would in the middle of a C-STORE, or (stalling) holds them
 * open without passing anything more, as a sender that hangs would.
 */
final class CuttingProxy implements AutoCloseable {
    private final ServerSocket server;

    CuttingProxy(int targetPort, long limit) throws IOException {
        this(targetPort, limit, false);
    }

    CuttingProxy(int targetPort, long limit, boolean stall) throws IOException {
        server = new ServerSocket(0);
        Thread t = new Thread(() -> {
            try (Socket client = server.accept(); Socket target = new Socket("127.0.0.1", targetPort)) {
                Thread back = new Thread(() -> copy(target, client, Long.MAX_VALUE));
                back.setDaemon(true);
                back.start();
                copy(client, target, limit);
                while (stall && !server.isClosed()) {
                    Thread.sleep(50);
                }
            } catch (IOException | InterruptedException e) {
                // The cut is the point.
            }
        }, "cutting-proxy");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private static void copy(Socket from, Socket to, long limit) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            long passed = 0;
            int n;
            while (passed < limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - passed))) > 0) {
                out.write(buffer, 0, n);
                out.flush();
                passed += n;
            }
        } catch (IOException e) {
            // One side went away.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
