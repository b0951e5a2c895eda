package io.switchboard.sim.bench;

import io.switchboard.sim.line.LineDeviceSimulator;
import io.switchboard.sim.line.LineSigner;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Many idle LINE devices, as lean as the JDK allows: one push WebSocket per device ({@code GET /LineProtocol/push}
 * with the signed handshake headers, as {@link LineDeviceSimulator#connect()} sends them), all sharing ONE
 * {@link HttpClient} and a two-thread executor. A socket only answers the server's pings (the JDK sends the pong
 * itself once the frame is read, so the listener keeps asking for the next frame) and counts what arrives; it sends
 * nothing else. Connecting is paced ({@code rate} handshakes a second, at most {@code maxInFlight} at once) so the
 * service and account-service (one device look-up per handshake) are not flooded.
 */
final class IdleSocketPool implements AutoCloseable {
    /** How many refused or failed handshakes are kept verbatim for the report. */
    private static final int SAMPLES = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final URI uri;
    private final String key;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "idle-sockets");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http;
    private final AtomicReferenceArray<WebSocket> sockets;
    private final List<String> deviceNos;
    private final AtomicLong pings = new AtomicLong();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicInteger dropped = new AtomicInteger();
    private final List<String> dropSamples = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param callback  callback-service base URL (loopback)
     * @param deviceNos the devices, all registered with the merchant whose device key is {@code key}
     */
    IdleSocketPool(String callback, List<String> deviceNos, String key) {
        this.uri = URI.create(callback.replaceFirst("^http", "ws") + LineDeviceSimulator.PUSH_PATH);
        this.deviceNos = List.copyOf(deviceNos);
        this.key = key;
        this.sockets = new AtomicReferenceArray<>(deviceNos.size());
        this.http = HttpClient.newBuilder().executor(executor).connectTimeout(TIMEOUT).build();
    }

    /** What connecting produced. */
    record Opened(int requested, int connected, long elapsedMs, int passes, Map<String, Integer> failures,
                  List<String> samples) {
    }

    /**
     * Opens a socket for every device that has none, paced; devices whose handshake failed are tried again in up
     * to {@code retries} further passes (a pause of 2 s between passes).
     */
    Opened open(int rate, int maxInFlight, int retries, PrintStream progress) throws InterruptedException {
        long start = System.nanoTime();
        Map<String, Integer> failures = Collections.synchronizedMap(new TreeMap<>());
        List<String> samples = Collections.synchronizedList(new ArrayList<>());
        int passes = 0;
        for (int pass = 0; pass <= retries; pass++) {
            List<Integer> todo = new ArrayList<>();
            for (int i = 0; i < deviceNos.size(); i++) {
                if (sockets.get(i) == null) {
                    todo.add(i);
                }
            }
            if (todo.isEmpty()) {
                break;
            }
            if (pass > 0) {
                progress.printf("sockets: %d handshakes failed; pass %d of %d in 2 s%n", todo.size(), pass + 1,
                        retries + 1);
                Thread.sleep(2_000);
            }
            passes++;
            onePass(todo, rate, maxInFlight, failures, samples, progress);
        }
        return new Opened(deviceNos.size(), open(), (System.nanoTime() - start) / 1_000_000, passes,
                new TreeMap<>(failures), List.copyOf(samples));
    }

    private void onePass(List<Integer> todo, int rate, int maxInFlight, Map<String, Integer> failures,
                         List<String> samples, PrintStream progress) throws InterruptedException {
        Semaphore inFlight = new Semaphore(maxInFlight);
        long t0 = System.nanoTime();
        long gapNs = 1_000_000_000L / Math.max(1, rate);
        AtomicInteger done = new AtomicInteger();
        for (int n = 0; n < todo.size(); n++) {
            long due = t0 + n * gapNs;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            inFlight.acquire();
            int i = todo.get(n);
            connect(i).whenComplete((ws, error) -> {
                try {
                    if (error == null) {
                        sockets.set(i, ws);
                    } else {
                        String reason = reason(error);
                        failures.merge(reason, 1, Integer::sum);
                        if (samples.size() < SAMPLES) {
                            samples.add(deviceNos.get(i) + ": " + reason);
                        }
                    }
                    int d = done.incrementAndGet();
                    if (d % 1_000 == 0) {
                        progress.printf("sockets: %d of %d handshakes done, %d sockets open%n", d, todo.size(), open());
                    }
                } finally {
                    // only after the socket is recorded: the pass ends when every slot is back
                    inFlight.release();
                }
            });
        }
        inFlight.acquire(maxInFlight); // every handshake of this pass has finished
        inFlight.release(maxInFlight);
    }

    private CompletableFuture<WebSocket> connect(int i) {
        String deviceNo = deviceNos.get(i);
        String appVersion = LineDeviceSimulator.DEFAULT_APP_VERSION;
        String protocol = LineDeviceSimulator.DEFAULT_PROTOCOL;
        try {
            return http.newWebSocketBuilder()
                    .connectTimeout(TIMEOUT)
                    .header("device-no", deviceNo)
                    .header("app-version", appVersion)
                    .header("protocol", protocol)
                    .header("sign", LineSigner.pushSign(deviceNo, appVersion, protocol, key))
                    .buildAsync(uri, new Idle(deviceNo))
                    .orTimeout(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A short, countable reason: the HTTP status and the server's reason header, or the exception's class. */
    private static String reason(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof WebSocketHandshakeException h) {
            HttpResponse<?> r = h.getResponse();
            return "HTTP " + r.statusCode() + r.headers().firstValue("x-switchboard-reason").map(s -> " " + s).orElse("");
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** Sockets open now (connected and neither closed by the server nor failed since). */
    int open() {
        int n = 0;
        for (int i = 0; i < sockets.length(); i++) {
            WebSocket ws = sockets.get(i);
            if (ws != null && !ws.isInputClosed()) {
                n++;
            }
        }
        return n;
    }

    /** Pings received (and answered) since the start. */
    long pings() {
        return pings.get();
    }

    /** Text or binary frames received: an idle device with nothing pending should get none. */
    long frames() {
        return frames.get();
    }

    /** Sockets that the server closed or that failed after they had opened. */
    int dropped() {
        return dropped.get();
    }

    List<String> dropSamples() {
        return List.copyOf(dropSamples);
    }

    /** Drops every socket at once (no close handshake), as devices that lose the network would. */
    @Override
    public void close() {
        for (int i = 0; i < sockets.length(); i++) {
            WebSocket ws = sockets.getAndSet(i, null);
            if (ws != null) {
                ws.abort();
            }
        }
        http.shutdownNow();
        executor.shutdownNow();
    }

    /** One idle device: reads whatever comes so that pings get their pong, and counts it. */
    private final class Idle implements WebSocket.Listener {
        private final String deviceNo;
        private volatile boolean closed;

        Idle(String deviceNo) {
            this.deviceNo = deviceNo;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frames.incrementAndGet();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            frames.incrementAndGet();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            pings.incrementAndGet();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            dropped(deviceNo + ": closed by the server " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            dropped(deviceNo + ": " + error);
        }

        private void dropped(String what) {
            if (!closed) {
                closed = true;
                dropped.incrementAndGet();
                if (dropSamples.size() < SAMPLES) {
                    dropSamples.add(what);
                }
            }
        }
    }
}
