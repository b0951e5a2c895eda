package io.switchboard.sim.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.sim.MessageLog;
import io.switchboard.sim.SentMessage;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The server half the three simulators share: a Vert.x HTTP server (one event loop) that takes WebSocket
 * connections and, for IM_HTTP, plain requests; the journal; the fault plan; engine-down by really closing the
 * listening socket (a client then gets "connection refused", as from a dead engine) and listening again on the
 * same port.
 */
public abstract class EngineServer implements EngineSimulator {

    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    /** One open WebSocket. */
    protected static final class Conn {
        final String id;
        final ServerWebSocket socket;

        Conn(String id, ServerWebSocket socket) {
            this.id = id;
            this.socket = socket;
        }

        public String id() {
            return id;
        }
    }

    private final String protocol;
    protected final Vertx vertx;
    protected final Journal journal = new Journal();
    protected final MessageLog messages = new MessageLog();
    /** Incoming messages pushed, by id, so {@link #pushAgain} can repeat them (bounded like the journal). */
    private final Map<String, java.util.function.IntSupplier> pushes = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, java.util.function.IntSupplier> eldest) {
                    return size() > 10_000;
                }
            });
    protected final Faults faults = new Faults();
    protected final Set<Conn> sockets = ConcurrentHashMap.newKeySet();
    private final Object connectionsChanged = new Object();
    private final AtomicLong connectionIds = new AtomicLong();
    private final AtomicLong unknownIds = new AtomicLong();
    private final String host;
    private volatile int port;
    private volatile HttpServer server;
    private volatile boolean closed;
    private volatile Consumer<String> log = line -> { };

    protected EngineServer(String protocol, String host) {
        this.protocol = protocol;
        this.host = host;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
    }

    // ------------------------------------------------------------ life cycle

    /** Binds the port (0 = any free one); blocks until listening. */
    protected final void listen(int requestedPort) {
        try {
            server = bind(requestedPort);
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
        port = server.actualPort();
    }

    private HttpServer bind(int p) {
        HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(p).setReuseAddress(true)
                .setMaxWebSocketMessageSize(4 * 1024 * 1024).setWebSocketClosingTimeout(1);
        HttpServer s = vertx.createHttpServer(options)
                .connectionHandler(this::onHttpConnection)
                // Upgrades are taken from the request handler, not webSocketHandler: a Quarkus application in the same
                // JVM (the services' tests) sets vertx.disableWebsockets, which turns webSocketHandler off everywhere.
                .requestHandler(this::onRequest);
        try {
            return s.listen().toCompletionStage().toCompletableFuture()
                    .get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(protocol + " simulator cannot listen on " + host + ":" + p + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(protocol + " simulator did not start listening in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        }
    }

    @Override
    public final String protocol() {
        return protocol;
    }

    @Override
    public final int port() {
        return port;
    }

    protected final String host() {
        return host;
    }

    @Override
    public EngineSimulator logTo(Consumer<String> log) {
        this.log = log;
        return this;
    }

    protected final void log(String line) {
        log.accept(line);
    }

    /** A log sink that prints time-stamped lines on stdout, as Main does. */
    public static Consumer<String> stdout(String name) {
        return line -> System.out.println(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " [" + name + "] " + line);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        dropConnections();
        HttpServer s = server;
        server = null;
        if (s != null) {
            await(s.close().toCompletionStage().toCompletableFuture());
        }
        await(vertx.close().toCompletionStage().toCompletableFuture());
    }

    private static void await(java.util.concurrent.CompletableFuture<?> f) {
        try {
            f.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // closing anyway: nothing useful to do with a failed close
        }
    }

    // ------------------------------------------------------------ connections

    /** Whether the simulator was silenced when the request being handled on this thread was recorded. */
    private static final ThreadLocal<Boolean> SILENT_AT_RECORD = new ThreadLocal<>();

    /** Null: a WebSocket is accepted on any path; otherwise only on this path. */
    protected String socketPath() {
        return null;
    }

    private void onRequest(HttpServerRequest request) {
        String connection = request.getHeader("Connection");
        boolean upgrade = request.method() == io.vertx.core.http.HttpMethod.GET
                && "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))
                && connection != null && connection.toLowerCase(java.util.Locale.ROOT).contains("upgrade");
        if (!upgrade) {
            onHttp(request);
            return;
        }
        String path = socketPath();
        if (path != null && !path.equals(request.path())) {
            request.response().setStatusCode(404).end();
            return;
        }
        request.toWebSocket().onSuccess(this::acceptSocket)
                .onFailure(e -> log("WebSocket upgrade failed: " + e));
    }

    private void acceptSocket(ServerWebSocket ws) {
        Conn conn = new Conn("ws-" + connectionIds.incrementAndGet(), ws);
        sockets.add(conn);
        signalConnections();
        log(conn.id + " connected from " + ws.remoteAddress() + " " + ws.path());
        ws.textMessageHandler(text -> onText(conn, text));
        ws.closeHandler(v -> {
            sockets.remove(conn);
            signalConnections();
            log(conn.id + " closed");
        });
        ws.exceptionHandler(e -> log(conn.id + " error: " + e));
        onOpen(conn);
    }

    /** Called on the event loop for each accepted WebSocket. */
    protected void onOpen(Conn conn) {
    }

    /** Called on the event loop for each text frame. */
    protected abstract void onText(Conn conn, String text);

    /** Plain HTTP requests (not WebSocket upgrades). Default: 404. */
    protected void onHttp(HttpServerRequest request) {
        request.response().setStatusCode(404).putHeader("content-type", "text/plain")
                .end(protocol + " simulator: WebSocket only\n");
    }

    private void signalConnections() {
        synchronized (connectionsChanged) {
            connectionsChanged.notifyAll();
        }
    }

    @Override
    public int connections() {
        return sockets.size();
    }

    @Override
    public void awaitConnections(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (connectionsChanged) {
            while (sockets.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SimulatorTimeoutException("waited " + timeout.toMillis() + " ms for " + count
                            + " connection(s) to " + protocol + " simulator, have " + sockets.size());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(connectionsChanged, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SimulatorTimeoutException("interrupted");
                }
            }
        }
    }

    @Override
    public int dropConnections() {
        int n = 0;
        List<java.util.concurrent.CompletableFuture<Void>> closing = new ArrayList<>();
        for (Conn c : sockets) {
            sockets.remove(c);
            closing.add(c.socket.close((short) 1001, "engine going away").toCompletionStage().toCompletableFuture());
            n++;
        }
        // The 1001 close frames go out before the TCP connections are cut (dropHttp, a server close), or a client may
        // see the cut first. Not on an event loop, where waiting would block the very writes waited for.
        if (!closing.isEmpty() && !io.vertx.core.Context.isOnEventLoopThread()) {
            try {
                java.util.concurrent.CompletableFuture.allOf(closing.toArray(new java.util.concurrent.CompletableFuture[0]))
                        .get(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // a socket that was closing anyway: nothing to wait for
            }
        }
        n += dropHttp();
        if (n > 0) {
            log("dropped " + n + " connection(s)");
        }
        return n;
    }

    /** Every accepted TCP connection (HTTP or WebSocket), on the event loop. */
    protected void onHttpConnection(io.vertx.core.http.HttpConnection connection) {
    }

    /** IM_HTTP closes its HTTP connections too; returns how many. */
    protected int dropHttp() {
        return 0;
    }

    @Override
    public synchronized void refuseConnections(boolean refuse) {
        if (closed) {
            throw new IllegalStateException(protocol + " simulator is closed");
        }
        if (refuse && server != null) {
            HttpServer s = server;
            server = null;
            dropConnections();
            await(s.close().toCompletionStage().toCompletableFuture());
            log("down: refusing connections on port " + port);
        } else if (!refuse && server == null) {
            server = bind(port);
            log("up again on port " + port);
        }
    }

    @Override
    public void refuseConnectionsFor(Duration downtime) {
        refuseConnections(true);
        vertx.setTimer(Math.max(1, downtime.toMillis()), id -> vertx.executeBlocking(() -> {
            if (!closed) {
                refuseConnections(false);
            }
            return null;
        }));
    }

    // ------------------------------------------------------------ journal

    /** Records a frame or request, logs it, and returns it. */
    protected final Received record(String connection, String command, String kind, String id, JsonNode body,
                                    String raw) {
        SILENT_AT_RECORD.set(faults.silent());
        Received r = new Received(journal.nextSeq(), Instant.now(), connection, command, kind, id, body, raw);
        journal.add(r);
        log("<- #" + r.seq() + " " + connection + " " + command + (id == null ? "" : " id=" + id) + " " + forLog(raw));
        return r;
    }

    /** The parsed frame, or null when it is not JSON. */
    protected static JsonNode parse(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return n == null || n.isMissingNode() ? null : n;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    @Override
    public List<Received> received() {
        return journal.all();
    }

    @Override
    public List<Received> received(String command) {
        return journal.matching(r -> r.is(command));
    }

    @Override
    public Received awaitReceived(Predicate<Received> match, Duration timeout) {
        return journal.await(match, 1, timeout, "a matching frame").get(0);
    }

    @Override
    public Received awaitReceived(String command, Duration timeout) {
        return journal.await(r -> r.is(command), 1, timeout, command).get(0);
    }

    @Override
    public List<Received> awaitReceived(Predicate<Received> match, int count, Duration timeout) {
        return journal.await(match, count, timeout, "matching frames");
    }

    @Override
    public void clearReceived() {
        journal.clear();
        messages.clear();
    }

    // ------------------------------------------------------------ messages

    @Override
    public List<SentMessage> messages() {
        return messages.all();
    }

    @Override
    public List<SentMessage> awaitMessages(int count, Duration timeout) {
        return messages.await(count, timeout);
    }

    /** Records a message this engine answered as sent. */
    protected final SentMessage sent(String command, String targetId, boolean group, String type, String content,
                                     String messageId) {
        SentMessage m = messages.add(command, targetId, group, type, content, messageId, null);
        log("   sent message #" + m.seq() + " " + type + " to " + (group ? "group " : "") + targetId
                + (messageId == null ? "" : " as " + messageId));
        return m;
    }

    /** Whether this request is a message send ({@link Faults#SEND} rules apply to it). */
    protected boolean isMessageSend(Received request) {
        return false;
    }

    /** Pushes an incoming message now and remembers how, for {@link #pushAgain}. */
    protected final Pushed pushMessage(String messageId, java.util.function.IntSupplier push) {
        pushes.put(messageId, push);
        return new Pushed(messageId, push.getAsInt());
    }

    @Override
    public int pushAgain(String messageId) {
        java.util.function.IntSupplier push = pushes.get(messageId);
        if (push == null) {
            throw new IllegalArgumentException("no incoming message " + messageId + " was pushed by this simulator");
        }
        return push.getAsInt();
    }

    // ------------------------------------------------------------ sending

    /** Sends frames to one connection in order, after the configured reply delay. */
    protected final void reply(Conn conn, List<String> frames) {
        long ms = faults.delay().toMillis();
        if (ms <= 0) {
            frames.forEach(f -> write(conn, f));
        } else {
            vertx.setTimer(ms, id -> frames.forEach(f -> write(conn, f)));
        }
    }

    protected final void write(Conn conn, String frame) {
        if (conn.socket.isClosed()) {
            log("-> " + conn.id + " (closed, not sent) " + forLog(frame));
            return;
        }
        conn.socket.writeTextMessage(frame);
        log("-> " + conn.id + " " + forLog(frame));
    }

    /** Sends a frame to every open WebSocket; returns how many. */
    protected final int broadcast(String frame) {
        int n = 0;
        for (Conn c : sockets) {
            write(c, frame);
            n++;
        }
        if (n == 0) {
            log("-> (no connection, not sent) " + forLog(frame));
        }
        return n;
    }

    @Override
    public int sendRaw(String frame) {
        return broadcast(frame);
    }

    protected static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable: " + value, e);
        }
    }

    protected static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** A correlation id that no client ever used. */
    protected final long unknownId() {
        return 9_000_000_000_000L + unknownIds.incrementAndGet();
    }

    /** What GARBAGE rules send. */
    protected static final String GARBAGE = "<html><body>502 Bad Gateway</body></html> (not JSON, from the simulator)";

    /** Field names whose values never reach the log (the journal keeps them: tests need them). */
    private static boolean secret(String field) {
        String f = field.toLowerCase(java.util.Locale.ROOT);
        return f.contains("password") || f.contains("pwd") || f.equals("auth_token") || f.equals("cert")
                || f.equals("mnemonic");
    }

    /** The frame for a log line: secrets masked, abbreviated. */
    protected static String forLog(String frame) {
        JsonNode n = parse(frame);
        if (n == null || !n.isContainerNode()) {
            return abbreviate(frame);
        }
        mask(n);
        return abbreviate(n.toString());
    }

    private static void mask(JsonNode n) {
        if (n instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            List<String> names = new java.util.ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (secret(name) && !o.get(name).isContainerNode()) {
                    o.put(name, "***");
                } else {
                    mask(o.get(name));
                }
            }
        } else if (n.isArray()) {
            n.forEach(EngineServer::mask);
        }
    }

    protected static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    // ------------------------------------------------------------ faults

    @Override
    public void failNext(String command, int times, int code, String message) {
        faults.add(new Faults.Rule(command, Faults.Kind.ERROR, code, message, times));
    }

    @Override
    public void delayReplies(Duration delay) {
        faults.delay(delay);
    }

    @Override
    public void silence(boolean silent) {
        faults.silent(silent);
    }

    @Override
    public void swallowNext(String command, int times) {
        faults.add(new Faults.Rule(command, Faults.Kind.SWALLOW, 0, null, times));
    }

    @Override
    public void garbageNext(String command, int times) {
        faults.add(new Faults.Rule(command, Faults.Kind.GARBAGE, 0, null, times));
    }

    @Override
    public void unknownIdNext(String command, int times) {
        faults.add(new Faults.Rule(command, Faults.Kind.UNKNOWN_ID, 0, null, times));
    }

    @Override
    public List<Faults.Rule> pendingFaults() {
        return faults.pending();
    }

    @Override
    public void resetFaults() {
        faults.reset();
    }

    /**
     * Applies a SWALLOW (log, no answer) or GARBAGE (a non-JSON frame) rule to a WebSocket request; true when it did,
     * so the caller answers nothing else.
     */
    protected final boolean swallowedOrGarbled(Conn conn, Faults.Rule rule) {
        switch (rule.kind()) {
            case SWALLOW -> {
                log("   swallowed (" + (rule.message() == null ? "swallowNext" : rule.message()) + ")");
                return true;
            }
            case GARBAGE -> {
                reply(conn, List.of(GARBAGE));
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** The rule that applies to this request, or null; silence counts as a SWALLOW rule. */
    protected final Faults.Rule faultFor(Received request) {
        // Silence as it was when the request was recorded: a test that sees the record and lifts the silence must not
        // get this request answered after all.
        Boolean silentThen = SILENT_AT_RECORD.get();
        SILENT_AT_RECORD.remove();
        if (silentThen != null ? silentThen : faults.silent()) {
            return new Faults.Rule("*", Faults.Kind.SWALLOW, 0, "silenced", 1);
        }
        return faults.take(request, this::isMessageSend);
    }
}
