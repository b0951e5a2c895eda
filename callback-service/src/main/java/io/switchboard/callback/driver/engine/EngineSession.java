package io.switchboard.callback.driver.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.link.CommandResults.RobotEvent;
import io.switchboard.callback.link.OutboundMessage;
import io.switchboard.callback.link.RobotDriver.LinkGone;
import io.switchboard.callback.link.RobotInbound;
import io.switchboard.callback.link.RobotLinks;
import io.switchboard.common.event.EventTypes;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One robot's engine link on the replica that owns it, protocol-neutral: readiness, the link state it reports
 * ({@code robot.link.changed}), the driver's own requests waiting for replies (bounded by the request timeout), the
 * probe that is the robot's heartbeat, and what happens to commands when the connection drops (docs/ENGINES.md).
 * A protocol's session (in its own package) adds the frames. State changes run on the link's lane.
 */
public abstract class EngineSession implements EngineSocket.Listener {
    private static final Logger LOG = Logger.getLogger(EngineSession.class);

    /** Operations that may be sent again after a drop without acting twice (docs/ENGINES.md). */
    public static final Set<String> RESENDABLE = Set.of("login", "logout", "getRobot", "getFriendList",
            "getGroupInfo", "getGroupList", "getRobotProfile", "getContactInfo", "searchContact", "getFriendRequests",
            "getGroupQrCode", "searchGroup");

    public static final String CONNECTED = "CONNECTED";
    public static final String RECONNECTING = "RECONNECTING";
    public static final String DISCONNECTED = "DISCONNECTED";

    protected final RobotLinks.Link link;
    protected final EngineRuntime runtime;
    protected final Executor lane;
    /** The engine's WebSocket (IM_HTTP: the app's push socket); the link is up while it is. */
    protected final EngineSocket socket;
    private final Map<String, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
    private volatile boolean ready;
    private volatile boolean stopped;
    private volatile boolean everReady;
    /** Counts the connection's drops, so a message waiting out its before-sleep knows whether one came between. */
    private volatile int drops;
    private String reported;
    private long lostSince;
    private int misses;
    private ScheduledFuture<?> prober;

    protected EngineSession(RobotLinks.Link link, EngineRuntime runtime, java.net.URI socketUri) {
        this.link = link;
        this.runtime = runtime;
        this.lane = runtime.lane();
        this.socket = new EngineSocket(socketUri, runtime, lane, this);
    }

    public abstract String protocol();

    /** Sends one command (on the pusher's thread); {@link LinkGone} when the connection went away. */
    public abstract void send(CommandRecord c);

    /** One probe; completes normally when the engine answered well. */
    protected abstract CompletableFuture<JsonNode> probe();

    /** The socket is open: by default the link is usable at once (CHAT68_WS asks getApiUrl first). */
    @Override
    public void opened() {
        becameReady();
    }

    @Override
    public final void lost(String why) {
        wentDown(why);
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Starts the link: commands the previous owner sent and never saw answered (it died) are re-queued or failed
     * first, then the connection opens.
     */
    public final void begin() {
        lane.execute(() -> {
            try {
                runtime.inbound().linkDropped(link.id(), "the replica that held the engine connection went away",
                        this::resendable);
            } catch (RuntimeException e) {
                LOG.warnf("link %s: checking commands sent by the previous owner failed: %s", link.id(), e.toString());
            }
            socket.start();
        });
    }

    public final boolean ready() {
        return ready && !stopped;
    }

    public final boolean stopped() {
        return stopped;
    }

    /** Closes the link here; {@code released}: the robot logged out, so the link is reported DISCONNECTED. */
    public final void stop(boolean released) {
        stopped = true;
        ready = false;
        ScheduledFuture<?> p = prober;
        if (p != null) {
            p.cancel(false);
        }
        socket.stop();
        waiting.values().forEach(f -> f.completeExceptionally(new LinkGone("the link was closed here")));
        if (released) {
            lane.execute(() -> report(DISCONNECTED, null));
        }
    }

    /** The connection is usable: the link is reported CONNECTED and what waits goes out. */
    protected final void becameReady() {
        if (stopped) {
            return;
        }
        ready = true;
        everReady = true;
        misses = 0;
        lostSince = 0;
        report(CONNECTED, null);
        runtime.inbound().linkUp(link.id());
        if (prober == null) {
            long every = runtime.config().probeInterval().toMillis();
            prober = runtime.timer().scheduleAtFixedRate(() -> lane.execute(this::probeOnce), every, every,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** The connection failed or went away: waiting requests fail, sent commands are re-queued or failed. */
    protected final void wentDown(String why) {
        drops++;
        boolean wasReady = ready;
        ready = false;
        waiting.values().forEach(f -> f.completeExceptionally(new LinkGone(why)));
        if (stopped) {
            return;
        }
        if (lostSince == 0) {
            lostSince = System.currentTimeMillis();
        }
        if (wasReady || !RECONNECTING.equals(reported)) {
            LOG.infof("%s link %s is down, reconnecting: %s", protocol(), link.id().key(), why);
        } else {
            LOG.debugf("%s link %s is still down: %s", protocol(), link.id().key(), why);
        }
        if (wasReady) {
            try {
                runtime.inbound().linkDropped(link.id(), "the engine connection dropped", this::resendable);
            } catch (RuntimeException e) {
                LOG.warnf("link %s: re-queueing its sent commands failed: %s", link.id(), e.toString());
            }
        }
        if (wasReady || !everReady && !RECONNECTING.equals(reported)) {
            report(RECONNECTING, why);
        }
    }

    protected boolean resendable(CommandRecord c) {
        return RESENDABLE.contains(c.operation);
    }

    private void report(String state, String error) {
        if (state.equals(reported) && !RECONNECTING.equals(state)) {
            return;
        }
        reported = state;
        long since = RECONNECTING.equals(state) && lostSince > 0 ? lostSince : System.currentTimeMillis();
        try {
            runtime.inbound().linkState(link, state, since, error);
        } catch (RuntimeException e) {
            LOG.warnf("link %s: reporting state %s failed: %s", link.id(), state, e.toString());
        }
    }

    // ------------------------------------------------------------------ the driver's own requests

    /**
     * Registers a request under {@code id}, then writes it; the future completes with the reply's data, with
     * {@link EngineError}, {@link LinkGone} or a timeout. Callbacks should continue on {@link #lane}.
     */
    protected final CompletableFuture<JsonNode> request(String id, Runnable write) {
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        waiting.put(id, f);
        f.orTimeout(runtime.config().requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> waiting.remove(id, f));
        try {
            write.run();
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    /** A reply to one of the driver's own requests; false when none waits for {@code id}. */
    protected final boolean answered(String id, JsonNode data, String error) {
        CompletableFuture<JsonNode> f = waiting.remove(id);
        if (f == null) {
            return false;
        }
        if (error == null) {
            f.complete(data);
        } else {
            f.completeExceptionally(new EngineError(error));
        }
        return true;
    }

    private void probeOnce() {
        if (!ready()) {
            return;
        }
        probe().whenCompleteAsync((r, e) -> {
            Throwable cause = unwrap(e);
            if (cause == null) {
                misses = 0;
                heartbeat();
            } else if (cause instanceof TimeoutException && ++misses >= runtime.config().probeMisses()) {
                misses = 0;
                socket.drop(runtime.config().probeMisses() + " probes in a row got no answer");
            } else {
                LOG.debugf("%s link %s: probe failed: %s", protocol(), link.id().key(), cause.toString());
            }
        }, lane);
    }

    private void heartbeat() {
        try {
            runtime.inbound().heartbeat(link.merchantId(), link.robotSerialNo(), runtime.json().createObjectNode()
                    .put("protocol", protocol()));
        } catch (RuntimeException e) {
            LOG.debugf("link %s: heartbeat failed: %s", link.id(), e.toString());
        }
    }

    public static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    // ------------------------------------------------------------------ results and pushes, through the seam

    /** The unfinished command that {@code correlation} names, if any (a late or unknown reply is counted). */
    protected final Optional<CommandRecord> command(String correlation) {
        Optional<CommandRecord> c = runtime.inbound().commandByCorrelation(link.id(), correlation);
        if (c.isEmpty()) {
            runtime.unknownCorrelation(protocol(), link.id().key(), correlation);
        }
        return c.filter(x -> !x.status.terminal());
    }

    /** Runs {@code action} on the command named by {@code correlation}, locked, in a transaction of its own. */
    protected final void finish(String correlation, Consumer<CommandRecord> action) {
        try {
            QuarkusTransaction.requiringNew().run(() -> runtime.inbound().lockByCorrelation(link.id(), correlation)
                    .filter(c -> !c.status.terminal()).ifPresent(action));
        } catch (RuntimeException e) {
            LOG.warnf("%s link %s: recording the result of %s failed (it times out at its deadline): %s", protocol(),
                    link.id().key(), correlation, e.toString());
        }
    }

    protected final void succeed(CommandRecord c, JsonNode result, RobotEvent event) {
        runtime.inbound().succeeded(c, result, event);
    }

    protected final void fail(CommandRecord c, String reason) {
        runtime.inbound().failed(c, reason, null, null);
    }

    /** A login succeeded with the robot's profile (the fields account-service keeps). */
    protected final void loginSucceeded(CommandRecord c, String userId, String name, String phone, String picture) {
        ObjectNode d = runtime.json().createObjectNode().put("userId", userId).put("username", name)
                .put("phone", phone).put("headImgUrl", picture);
        succeed(c, runtime.json().createObjectNode().put("userId", userId).put("username", name),
                new RobotEvent(EventTypes.ROBOT_LOGIN_SUCCEEDED, d));
        heartbeat();
    }

    /**
     * A logout the engine has no command for (LINE_WS, CHAT68_WS): it succeeds here, and the seam then closes the
     * link, which stops the probes.
     */
    protected final void logoutHere(CommandRecord c) {
        QuarkusTransaction.requiringNew().run(() -> runtime.inbound().lockCommand(c.serialNo)
                .filter(x -> !x.status.terminal())
                .ifPresent(x -> succeed(x, null, new RobotEvent(EventTypes.ROBOT_LOGGED_OUT, runtime.json()
                        .createObjectNode().put("reason", "logged out by the logout command")
                        .put("serialNo", x.serialNo)))));
    }

    /**
     * Runs an operation made of the driver's own requests and finishes the command with the event it produced; an
     * engine error or a request that timed out fails it with the reason; a dropped link leaves it to the drop (it was
     * re-queued or failed there).
     */
    protected final void run(String correlation, java.util.concurrent.CompletionStage<RobotEvent> plan) {
        plan.whenCompleteAsync((event, e) -> {
            Throwable cause = unwrap(e);
            if (cause instanceof LinkGone) {
                return;
            }
            if (cause != null) {
                String reason = cause instanceof java.util.concurrent.TimeoutException
                        ? "the " + protocol() + " engine did not answer within "
                                + runtime.config().requestTimeout().toSeconds() + " s"
                        : cause.getMessage() == null ? cause.toString() : cause.getMessage();
                finish(correlation, x -> fail(x, reason));
                return;
            }
            // An event without a type is a result only (getTask shows it; no robot event for the owner).
            finish(correlation, x -> succeed(x, event.data(), event.type() == null ? null : event));
        }, lane);
    }

    // ------------------------------------------------------------------ messages (docs/MESSAGING.md)

    /**
     * Completes on the lane after {@code ms} (a message's {@code before_sleep_time}), or with {@link LinkGone} when
     * the connection dropped meanwhile: the drop already failed the command (a send is never re-sent), so it must
     * not go out after all.
     */
    protected final CompletableFuture<Void> pause(long ms) {
        if (ms <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        int seen = drops;
        CompletableFuture<Void> f = new CompletableFuture<>();
        runtime.timer().schedule(() -> lane.execute(() -> {
            if (drops != seen || !ready()) {
                f.completeExceptionally(new LinkGone("the connection dropped while the message waited"));
            } else {
                f.complete(null);
            }
        }), ms, TimeUnit.MILLISECONDS);
        return f;
    }

    /**
     * Writes a message send, under the command's own correlation, after its before-sleep. Without one it goes out
     * now, on the pusher's thread ({@link LinkGone} puts it back to PENDING); after one, a drop meanwhile or while
     * writing leaves it to the drop, and any other failure fails it.
     */
    protected final void sendAfter(long beforeSleepMs, String correlation, String frame) {
        if (beforeSleepMs <= 0) {
            socket.send(frame);
            return;
        }
        pause(beforeSleepMs).thenRun(() -> socket.send(frame)).whenComplete((x, e) -> {
            Throwable cause = unwrap(e);
            if (cause != null && !(cause instanceof LinkGone)) {
                finish(correlation, c -> fail(c, "the message could not be written to the " + protocol()
                        + " engine: " + cause.getMessage()));
            }
        });
    }

    /**
     * A command's reply with no error: a message send succeeds with {@code message.sent} ({@code messageId} the
     * engine's id for it, or null); anything else with the reply's data as its result.
     */
    protected final void replied(CommandRecord c, JsonNode data, String messageId) {
        if (OutboundMessage.isSend(c.operation)) {
            RobotEvent sent = outbound(c).sent(protocol(), messageId, null, null);
            succeed(c, sent.data(), sent);
        } else {
            succeed(c, data, null);
        }
    }

    /** The message a send command carries ({@link IllegalArgumentException} when it does not fit the contract). */
    protected final OutboundMessage outbound(CommandRecord c) {
        return OutboundMessage.of(protocol(), c.operation, runtime.content(c));
    }

    /** A push, reported through the seam in a transaction of its own. */
    protected final void pushed(String what, Runnable report) {
        try {
            QuarkusTransaction.requiringNew().run(report);
        } catch (RuntimeException e) {
            LOG.warnf("%s link %s: reporting %s failed: %s", protocol(), link.id().key(), what, e.toString());
        }
    }

    protected final RobotInbound inbound() {
        return runtime.inbound();
    }

    /** The normalised {@code message.received} data (docs/EVENTS.md). */
    protected final ObjectNode message(String messageId, String from, String to, String groupId, int msgType,
                                       String content, long sentAt) {
        return runtime.json().createObjectNode().put("protocol", protocol()).put("messageId", messageId)
                .put("fromUserId", from).put("toUserId", to).put("groupId", groupId).put("msgType", msgType)
                .put("content", content).put("sentAt", sentAt);
    }

    /** The unified {@code msgType} of a content-type word (text, image, …); 99 for anything else. */
    public static int msgType(String word) {
        return RobotInbound.messageType(word);
    }
}
