package io.switchboard.sim.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;

/**
 * A lean HTTP/1.1 keep-alive client for the timed passes: one socket per worker, each request written as bytes
 * prepared before the pass, the answer read with no more parsing than status, headers and body. The JDK's
 * {@code HttpClient} costs the client about 0.7 ms of CPU per request, and the client shares the two cores with the
 * services it measures (pgbench, the baseline, is a lean C client); what this one costs is shown in the CPU table's
 * "client" column.
 */
final class HttpWire {
    private HttpWire() {}

    /** A request as the bytes that go on the wire, and where they go. */
    record Prepared(String host, int port, byte[] bytes) {}

    /** What came back. */
    record Answer(int status, byte[] body) {}

    /** The request line, its headers (Host, Content-Length and keep-alive added) and its body. */
    static Prepared prepare(HttpRequest r) {
        URI u = r.uri();
        byte[] body = r.bodyPublisher().map(HttpWire::collect).orElse(new byte[0]);
        StringBuilder head = new StringBuilder(256);
        String target = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        if (u.getRawQuery() != null) {
            target += "?" + u.getRawQuery();
        }
        int port = u.getPort() < 0 ? 80 : u.getPort();
        head.append(r.method()).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(u.getHost()).append(':').append(port).append("\r\n");
        for (Map.Entry<String, List<String>> h : r.headers().map().entrySet()) {
            for (String v : h.getValue()) {
                head.append(h.getKey()).append(": ").append(v).append("\r\n");
            }
        }
        if (body.length > 0 || !r.method().equals("GET")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return new Prepared(u.getHost(), port, all);
    }

    private static byte[] collect(HttpRequest.BodyPublisher p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        p.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer b) {
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(out.toByteArray());
            }
        });
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing a request", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read a request body", e.getCause());
        }
    }

    /** One keep-alive connection; reopened when the server closed it. Not thread-safe: one per worker. */
    static final class Connection implements Closeable {
        private Socket socket;
        private OutputStream out;
        private InputStream in;
        private String host;
        private int port;

        Answer send(Prepared p) throws IOException {
            boolean fresh = open(p);
            try {
                return exchange(p);
            } catch (IOException e) {
                close();
                if (fresh) {
                    throw e;
                }
                // The server may close an idle keep-alive connection between two requests: one retry on a new one.
                open(p);
                return exchange(p);
            }
        }

        private boolean open(Prepared p) throws IOException {
            if (socket != null && !socket.isClosed() && p.host().equals(host) && p.port() == port) {
                return false;
            }
            close();
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(p.host(), p.port()), 5_000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            host = p.host();
            port = p.port();
            return true;
        }

        private Answer exchange(Prepared p) throws IOException {
            out.write(p.bytes());
            out.flush();
            String status = line();
            if (!status.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean closeAfter = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                    default -> { }
                }
            }
            byte[] body;
            if (chunked) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                     size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                    b.writeBytes(in.readNBytes(size));
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
                body = b.toByteArray();
            } else if (length >= 0) {
                body = in.readNBytes((int) length);
                if (body.length < length) {
                    throw new EOFException("the answer ended after " + body.length + " of " + length + " bytes");
                }
            } else {
                body = in.readAllBytes();
                closeAfter = true;
            }
            if (closeAfter) {
                close();
            }
            return new Answer(code, body);
        }

        private String line() throws IOException {
            StringBuilder s = new StringBuilder(64);
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new EOFException("the connection closed mid-answer");
                }
                if (c != '\r') {
                    s.append((char) c);
                }
            }
            return s.toString();
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
                socket = null;
            }
        }
    }
}
