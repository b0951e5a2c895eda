package io.switchboard.sim.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP forwarder that can play a dead server: point a client (a JDBC pool, say) at {@link #port()}
 * instead of the real server, then {@link #cut()} and {@link #restore()}. Shared PostgreSQL cannot be stopped in
 * tests (others use it); this makes one client see it die without touching it.
 *
 * <p>While cut, open connections are reset (as when the server process dies) and new ones are accepted but never
 * answered (as a host that hangs): the client's own timeouts are what ends a wait, which is what the outage tests
 * measure. {@link #restore()} drops the held sockets and forwards new connections again.
 */
public final class TcpCut implements AutoCloseable {
    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Set<Socket> held = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean closed;

    public TcpCut(String targetHost, int targetPort) throws IOException {
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("tcp-cut-accept-" + port()).start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    public boolean isCut() {
        return cut;
    }

    /** Resets every forwarded connection and holds new ones unanswered until {@link #restore()}. */
    public void cut() {
        cut = true;
        for (Socket s : open) {
            reset(s);
        }
        open.clear();
    }

    /** Closes the held connections (their clients see the end of the stream) and forwards new ones again. */
    public void restore() {
        cut = false;
        for (Socket s : held) {
            quietly(s);
        }
        held.clear();
    }

    /** Connections forwarded now (both directions count as one). */
    public int openConnections() {
        return open.size() / 2;
    }

    @Override
    public void close() {
        closed = true;
        quietly(server);
        cut();
        restore();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (cut) {
                held.add(client); // accepted, never answered: the client waits on its own timeout
                continue;
            }
            try {
                Socket upstream = new Socket();
                upstream.connect(target, 2_000);
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                quietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread.ofPlatform().daemon().name("tcp-cut-pump").start(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // reset or closed: the other direction ends too
            } finally {
                open.remove(from);
                open.remove(to);
                quietly(from);
                quietly(to);
            }
        });
    }

    /** An RST instead of a FIN, as the peer of a killed process sees it. */
    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException e) {
            // already closed
        }
        quietly(s);
    }

    private static void quietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // nothing to do
        }
    }
}
