package io.switchboard.sim.engine;

import io.switchboard.sim.SentMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What the three engine simulators ({@code LineWsEngine}, {@code Chat68Engine}, {@code ImHttpApp}) share: a real
 * server on a loopback port that answers the seed's requests, records everything it receives, pushes events on
 * demand and misbehaves on demand. Every method is thread-safe. docs/ENGINES.md "Engine simulators" describes it.
 *
 * <p>A "command" below is what {@link Received#command()} holds (LINE {@code GetProfile}, 68chat {@code UserInfo}
 * or {@code sendMsg}, IM {@code login.exportLogin}); a rule for {@code "*"} matches every request, and a rule for a
 * {@link Received#kind() kind} matches all of that kind (68chat {@code request}, IM module {@code chat}).
 */
public interface EngineSimulator extends AutoCloseable {

    /** {@code LINE_WS}, {@code CHAT68_WS} or {@code IM_HTTP}: the platform's protocol name. */
    String protocol();

    /** What a robot's {@code engine_url} is set to ({@code ws://127.0.0.1:port}, {@code http://…/api}). */
    String url();

    int port();

    /** Where one line per request, reply and push goes (default: nowhere). */
    EngineSimulator logTo(Consumer<String> log);

    // ------------------------------------------------------------ what was received

    List<Received> received();

    List<Received> received(String command);

    /** The first recorded frame that matches, waiting for it if needed (frames received earlier count). */
    Received awaitReceived(Predicate<Received> match, Duration timeout);

    /** The first recorded frame of this command (or kind), waiting for it if needed. */
    Received awaitReceived(String command, Duration timeout);

    /** The first {@code count} recorded frames that match, waiting until there are that many. */
    List<Received> awaitReceived(Predicate<Received> match, int count, Duration timeout);

    /** Empties the journal and the list of sent messages. */
    void clearReceived();

    // ------------------------------------------------------------ messages the platform sent

    /**
     * Every message send the engine accepted and answered as sent, in order, with the time it answered (a send that
     * failed, by a fault or by its shape, is in {@link #received()} only).
     */
    List<SentMessage> messages();

    /** Waits until at least {@code count} messages were sent (earlier ones count) and returns the first {@code count}. */
    List<SentMessage> awaitMessages(int count, Duration timeout);

    /** Open WebSocket connections (IM_HTTP: push sockets). */
    int connections();

    /** Waits until at least {@code count} WebSocket connections are open. */
    void awaitConnections(int count, Duration timeout);

    // ------------------------------------------------------------ the account behind the engine

    /** True while the messenger account behind the engine is logged in (engine-side state, survives sockets). */
    boolean loggedIn();

    /**
     * Logs the account in or out engine-side without a push (its operator did it, or the engine restarted and lost
     * the session: the next probe fails).
     */
    EngineSimulator loggedIn(boolean in);

    /**
     * The command the platform probes this engine with (docs/ENGINES.md "probe / heartbeat"), as
     * {@link Received#command()} names it: {@code GetProfile}, {@code UserInfo}, {@code user.connectionState}.
     */
    String probeCommand();

    // ------------------------------------------------------------ pushes (each returns the sockets reached)

    /** Pushes an incoming text message in the protocol's push shape. */
    Pushed pushIncomingText(IncomingText message);

    /**
     * Pushes an incoming image, video, audio or file message in the protocol's push shape (docs/ENGINES.md "Media"):
     * the URL in the push (CHAT68_WS, IM_HTTP), or only the message id, the file being served through
     * {@code DownloadFile} (LINE_WS).
     */
    Pushed pushIncomingMedia(IncomingMedia message);

    /**
     * Pushes the frame of an earlier incoming message again, unchanged (an engine that reports a message twice);
     * returns the sockets reached. Throws {@link IllegalArgumentException} for an id this simulator never pushed.
     */
    int pushAgain(String messageId);

    /** Pushes "the account was logged out / kicked" and marks the account logged out. */
    int pushLogout(String reason);

    /** Pushes an event of any name in the protocol's push envelope, {@code data} as given. */
    int pushEvent(String name, Map<String, ?> data);

    /** Sends this text frame as is (a non-JSON frame, a hand-made reply) to every connection. */
    int sendRaw(String frame);

    // ------------------------------------------------------------ faults

    /** Closes every WebSocket connection (and, for IM_HTTP, every HTTP connection); returns how many. */
    int dropConnections();

    /**
     * {@code true}: drops every connection and stops listening (connections are refused: the engine is down);
     * {@code false}: listens again on the same port.
     */
    void refuseConnections(boolean refuse);

    /** Engine down for this long, then up again on the same port. */
    void refuseConnectionsFor(Duration downtime);

    /** Answers the next request of {@code command} with an error in the protocol's shape. */
    default void failNext(String command, int code, String message) {
        failNext(command, 1, code, message);
    }

    /** Answers the next {@code times} requests of {@code command} with an error in the protocol's shape. */
    void failNext(String command, int times, int code, String message);

    /**
     * Answers the next {@code times} message sends, whatever command carries them (LINE_WS {@code Send*}, CHAT68_WS
     * {@code sendFile} and {@code sendMsg} with a {@code chatType} 0 item, IM_HTTP {@code chat.send*Message}), with
     * an error in the protocol's shape.
     */
    default void failNextSend(int times, int code, String message) {
        failNext(Faults.SEND, times, code, message);
    }

    /** Replies (and the pushes a request causes) go out this much later; {@link Duration#ZERO} = at once. */
    void delayReplies(Duration delay);

    /** {@code true}: requests are recorded but never answered, until {@code silence(false)}. */
    void silence(boolean silent);

    /** Records but never answers the next {@code times} requests of {@code command}. */
    void swallowNext(String command, int times);

    /** Answers the next {@code times} requests of {@code command} with something that is not JSON. */
    void garbageNext(String command, int times);

    /**
     * Answers the next {@code times} requests of {@code command} normally but with a correlation id nobody waits
     * for. IM_HTTP has no correlation id (the HTTP exchange is the correlation) and throws
     * {@link UnsupportedOperationException}.
     */
    void unknownIdNext(String command, int times);

    /** The fault rules not used up yet. */
    List<Faults.Rule> pendingFaults();

    /** Forgets every fault rule, the delay and silence (not the journal, not the account state). */
    void resetFaults();

    /** Stops the server and closes every connection. */
    @Override
    void close();
}
