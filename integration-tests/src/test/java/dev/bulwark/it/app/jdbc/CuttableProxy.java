package dev.bulwark.it.app.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback between the application and a database server, which the test can cut
 * (every connection dies, new ones are refused) and restore: a database that becomes unreachable.
 */
final class CuttableProxy implements AutoCloseable {
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final int port;
    private volatile ServerSocket server;

    CuttableProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = open(0);
        this.port = server.getLocalPort();
        accept(server);
    }

    int port() {
        return port;
    }

    private static ServerSocket open(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    private void accept(ServerSocket s) {
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    sockets.add(client);
                    sockets.add(upstream);
                    if (s.isClosed()) {
                        // accepted just before a cut() that did not see these yet: they die with the cut
                        close(client);
                        close(upstream);
                        return;
                    }
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException e) {
                    return; // closed by cut()
                }
            }
        }, "proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                close(from);
                close(to);
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** The database becomes unreachable: open connections die, new ones are refused. */
    void cut() throws IOException {
        server.close();
        for (Socket s : sockets) {
            close(s);
        }
        sockets.clear();
    }

    /** The database is reachable again on the same port. */
    void restore() throws IOException {
        server = open(port);
        accept(server);
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
