package io.switchboard.sim.line;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A stand-in for callback-service on one loopback port: records every POST and answers it from {@link #replies},
 * and accepts the push WebSocket (just enough RFC 6455 to send text frames and answer a close).
 * Raw sockets, because the JDK's HttpServer cannot upgrade a connection to WebSocket.
 */
final class FakeCallbackService implements Closeable {

    record Request(String method, String path, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A reply: status and JSON body. */
    record Answer(int status, String body) {
    }

    final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    final BlockingQueue<Request> handshakes = new LinkedBlockingQueue<>();
    /** Path → reply; paths without one get 200 {"success":true,"message":""}. */
    final Map<String, Function<Request, Answer>> replies = new ConcurrentHashMap<>();
    /** Status for the push handshake; anything but 101 refuses it. */
    volatile int handshakeStatus = 101;

    private final ServerSocket server;
    private volatile OutputStream push;

    FakeCallbackService() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "fake-callback-service");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    Request nextRequest() throws InterruptedException {
        Request r = requests.poll(5, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no request reached the fake callback-service");
        }
        return r;
    }

    /** Sends one text frame on the open push socket (unmasked, as a server must). */
    synchronized void push(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else if (payload.length < 65_536) {
            frame.write(126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >> shift) & 0xff);
            }
        }
        frame.write(payload);
        push.write(frame.toByteArray());
        push.flush();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "fake-callback-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String[] requestLine = readLine(in).split(" ");
            Map<String, String> headers = new TreeMap<>();
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            if ("websocket".equalsIgnoreCase(headers.get("upgrade"))) {
                websocket(new Request(requestLine[0], requestLine[1], headers, ""), in, out);
                return;
            }
            byte[] body = new DataInputStream(in).readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            Request request = new Request(requestLine[0], requestLine[1], headers, new String(body, StandardCharsets.UTF_8));
            requests.add(request);
            Answer answer = replies.getOrDefault(request.path(), r -> new Answer(200, "{\"success\":true,\"message\":\"\"}"))
                    .apply(request);
            byte[] reply = answer.body().getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 " + answer.status() + " X\r\nContent-Type: application/json\r\nContent-Length: "
                    + reply.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(reply);
            out.flush();
        } catch (IOException | RuntimeException e) {
            // a test that cares sees the missing request
        }
    }

    private void websocket(Request handshake, InputStream in, OutputStream out) throws IOException {
        handshakes.add(handshake);
        if (handshakeStatus != 101) {
            out.write(("HTTP/1.1 " + handshakeStatus + " Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return;
        }
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                    (handshake.header("sec-websocket-key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                            .getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IOException(e);
        }
        // Set before the 101 goes out: the client's connect() returns on the 101, and a test may push at once.
        push = out;
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        // Read client frames until its close, which is answered so the client's disconnect is quick.
        DataInputStream data = new DataInputStream(in);
        while (true) {
            int opcode = data.readUnsignedByte() & 0x0f;
            long length = data.readUnsignedByte() & 0x7f;
            if (length == 126) {
                length = data.readUnsignedShort();
            } else if (length == 127) {
                length = data.readLong();
            }
            data.readNBytes(4 + (int) length); // mask key and payload
            if (opcode == 8) {
                synchronized (this) {
                    out.write(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xe8});
                    out.flush();
                }
                return;
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed mid-request");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
