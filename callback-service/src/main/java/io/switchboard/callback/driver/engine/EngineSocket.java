package io.switchboard.callback.driver.engine;

import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketClientConnection;
import io.switchboard.callback.link.RobotDriver.LinkGone;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One WebSocket to an engine (WebSockets Next client) that stays open while its link is owned here: a failed connect
 * or a drop is retried with {@link Backoff}, until {@link #stop}. Everything it reports runs on the link's lane, in
 * order; frames of a connection that was replaced are dropped.
 */
public final class EngineSocket {
    private static final Logger LOG = Logger.getLogger(EngineSocket.class);

    /** What the socket reports, on the link's lane. */
    public interface Listener {
        void opened();

        void text(String frame);

        /** The connection failed or closed; a reconnect is scheduled unless the socket was stopped. */
        void lost(String why);
    }

    private final URI uri;
    private final EngineRuntime runtime;
    private final Executor lane;
    private final Listener listener;
    private final Backoff backoff;
    private final AtomicInteger generation = new AtomicInteger();
    private volatile WebSocketClientConnection connection;
    private volatile boolean stopped;
    private int attempts;

    public EngineSocket(URI uri, EngineRuntime runtime, Executor lane, Listener listener) {
        this.uri = uri;
        this.runtime = runtime;
        this.lane = lane;
        this.listener = listener;
        this.backoff = runtime.backoff();
    }

    public void start() {
        connect();
    }

    public boolean open() {
        WebSocketClientConnection c = connection;
        return c != null && c.isOpen();
    }

    /** Sends one text frame now; {@link LinkGone} when the connection is not open or the write fails. */
    public void send(String frame) {
        WebSocketClientConnection c = connection;
        if (c == null || !c.isOpen()) {
            throw new LinkGone("the engine connection is not open");
        }
        try {
            c.sendTextAndAwait(frame);
        } catch (RuntimeException e) {
            throw new LinkGone("writing to the engine failed: " + e.getMessage());
        }
    }

    /** Closes the current connection (a reconnect follows): for an engine that stopped answering. */
    public void drop(String why) {
        WebSocketClientConnection c = connection;
        if (c != null) {
            LOG.infof("dropping the connection to %s: %s", uri, why);
            c.close().subscribe().with(x -> {}, e -> {});
        }
    }

    /** Closes for good: no reconnect. */
    public void stop() {
        stopped = true;
        generation.incrementAndGet();
        WebSocketClientConnection c = connection;
        connection = null;
        if (c != null) {
            c.close().subscribe().with(x -> {}, e -> {});
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        int gen = generation.incrementAndGet();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        try {
            runtime.guard(uri); // after DNS resolution, at every connect: the address may have changed since login
        } catch (RuntimeException e) {
            failed(gen, e);
            return;
        }
        Duration timeout = runtime.config().connectTimeout();
        LOG.debugf("connecting to %s", uri);
        BasicWebSocketConnector.create()
                .baseUri(URI.create(uri.getScheme() + "://" + uri.getRawAuthority()))
                .path(path)
                .executionModel(BasicWebSocketConnector.ExecutionModel.NON_BLOCKING)
                .onTextMessage((c, text) -> {
                    if (gen == generation.get()) {
                        lane.execute(() -> listener.text(text));
                    }
                })
                .onClose((c, reason) -> lane.execute(() -> closed(gen, describe(reason))))
                .connect()
                .ifNoItem().after(timeout).fail()
                .subscribe().with(c -> lane.execute(() -> connected(gen, c)),
                        e -> lane.execute(() -> failed(gen, e)));
    }

    private void connected(int gen, WebSocketClientConnection c) {
        if (stopped || gen != generation.get()) {
            c.close().subscribe().with(x -> {}, e -> {});
            return;
        }
        connection = c;
        attempts = 0;
        listener.opened();
    }

    private void failed(int gen, Throwable e) {
        if (stopped || gen != generation.get()) {
            return;
        }
        String why = "cannot connect to the engine: " + (e.getMessage() == null ? e.toString() : e.getMessage());
        listener.lost(why);
        reconnectLater();
    }

    private void closed(int gen, String why) {
        if (stopped || gen != generation.get()) {
            return;
        }
        connection = null;
        listener.lost("the engine closed the connection (" + why + ")");
        reconnectLater();
    }

    private void reconnectLater() {
        long delay = backoff.delayMillis(attempts++);
        LOG.debugf("reconnecting to %s in %d ms (attempt %d)", uri, delay, attempts);
        try {
            runtime.timer().schedule(() -> lane.execute(this::connect), delay, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            LOG.debugf("no reconnect to %s: %s", uri, e.toString()); // shutting down
        }
    }

    private static String describe(CloseReason r) {
        return r == null ? "no close frame" : r.getCode() + (r.getMessage() == null || r.getMessage().isEmpty() ? "" : " " + r.getMessage());
    }
}
