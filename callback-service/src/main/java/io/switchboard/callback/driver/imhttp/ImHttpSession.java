package io.switchboard.callback.driver.imhttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.callback.command.CommandContent;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.driver.engine.EngineError;
import io.switchboard.callback.driver.engine.EngineRuntime;
import io.switchboard.callback.driver.engine.EngineSession;
import io.switchboard.callback.driver.engine.Social;
import io.switchboard.callback.link.CommandResults.RobotEvent;
import io.switchboard.callback.link.OutboundMessage;
import io.switchboard.callback.link.RobotDriver.LinkGone;
import io.switchboard.callback.link.RobotDriver.Undeliverable;
import io.switchboard.callback.link.RobotLinks;
import io.switchboard.common.event.EventTypes;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * One IM_HTTP robot: its app's push webSocket (the link is up while it is open) and its HTTP API. Login runs the seed's
 * steps (init, exportLogin, listener registrations, getUserSingleInfo); logout is exportLogout. An exchange that fails
 * (the app is unreachable) drops the push socket, so sent commands are re-queued or failed as for a dropped
 * WebSocket (docs/ENGINES.md).
 */
final class ImHttpSession extends EngineSession {
    private static final Logger LOG = Logger.getLogger(ImHttpSession.class);

    private final URI api;
    private final Client http;
    private final CommandContent content;
    private final ImHttpCodec codec;
    private final ImHttpSocial social;
    private final ImHttpMessages messages;
    /** fileHash pushes that came before their send's reply was read, by msg_id (lane only; a few at most). */
    private final Map<String, JsonNode> earlyHashes = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonNode> eldest) {
            return size() > 64;
        }
    };

    ImHttpSession(RobotLinks.Link link, EngineRuntime runtime, Client http, CommandContent content) {
        super(link, runtime, ImHttpCodec.pushSocket(URI.create(link.engineUrl())));
        this.api = URI.create(link.engineUrl());
        this.http = http;
        this.content = content;
        this.codec = new ImHttpCodec(runtime.json());
        this.social = new ImHttpSocial(new Social(runtime.json()), codec, body -> call(body).toCompletableFuture());
        this.messages = new ImHttpMessages(codec, new ImHttpMessages.Link() {
            @Override
            public CompletableFuture<JsonNode> call(ObjectNode body) {
                return ImHttpSession.this.call(body).toCompletableFuture();
            }

            @Override
            public CompletableFuture<JsonNode> fileHash(String msgId) {
                CompletableFuture<JsonNode> f = new CompletableFuture<>();
                lane.execute(() -> {
                    JsonNode early = earlyHashes.remove(msgId);
                    if (early != null) {
                        f.complete(early);
                    } else {
                        request(FILE_HASH + msgId, () -> { }).whenComplete((d, e) -> complete(f, d, e));
                    }
                });
                return f;
            }

            @Override
            public CompletableFuture<JsonNode> secondStep(String hash, String localPath) {
                ObjectNode frame = runtime.json().createObjectNode().put("hash", hash).put("data", localPath)
                        .put("type", 0);
                // On the lane: the caller may be an HTTP event loop, where a socket write must not wait.
                CompletableFuture<JsonNode> f = new CompletableFuture<>();
                lane.execute(() -> request(SECOND_STEP + hash, () -> socket.send(frame.toString()))
                        .whenComplete((d, e) -> complete(f, d, e)));
                return f;
            }
        });
    }

    /** Correlation keys of the two-step media send's waits (the driver's own requests). */
    private static final String FILE_HASH = "fileHash:";
    private static final String SECOND_STEP = "fileHashResult:";

    private static void complete(CompletableFuture<JsonNode> f, JsonNode d, Throwable e) {
        if (e != null) {
            f.completeExceptionally(e);
        } else {
            f.complete(d);
        }
    }

    @Override
    public String protocol() {
        return ImHttpDriver.PROTOCOL;
    }






    @Override
    public void send(CommandRecord c) {
        switch (c.operation) {
            case "login" -> {
                String password = ImHttpCodec.text(content.of(c), "password");
                if (password == null) {
                    throw new Undeliverable("an IM_HTTP login needs the app's password");
                }
                login(c.serialNo, password);
            }
            case "logout" -> call(codec.call("login", "exportLogout")).whenCompleteAsync((d, e) -> {
                Throwable cause = unwrap(e);
                if (cause instanceof EngineError) {
                    finish(c.serialNo, x -> fail(x, cause.getMessage()));
                } else if (cause == null && !d.path("status").asBoolean(false)) {
                    finish(c.serialNo, x -> fail(x, "IM_HTTP app could not log out (exportLogout status false)"));
                } else if (cause == null) {
                    finish(c.serialNo, x -> succeed(x, d, new RobotEvent(EventTypes.ROBOT_LOGGED_OUT, inbound().data()
                            .put("reason", "logged out by the logout command").put("serialNo", x.serialNo))));
                }
            }, lane);
            case "sendMessage", "sendGroupMessage" -> {
                OutboundMessage m;
                try {
                    m = outbound(c);
                } catch (IllegalArgumentException e) {
                    throw new Undeliverable(e.getMessage());
                }
                run(c.serialNo, pause(m.beforeSleepMs()).thenCompose(x -> messages.send(m))
                        .thenApply(msgId -> m.sent(protocol(), msgId, null, null)));
            }
            default -> run(c.serialNo, social.plan(c.operation, content.of(c)));
        }
    }

    private void login(String serial, String password) {
        call(codec.call("login", "init"))
                .thenCompose(x -> call(codec.call("login", "exportLogin").put("password", password).put("loginType", "text")))
                .thenApply(ImHttpCodec::imAccountOpened)
                .thenCompose(x -> call(codec.call("socketEvent", "addReceive").put("identifier", "addReceive")))
                .thenCompose(x -> call(codec.call("socketEvent", "addContactEventHandler")
                        .put("identifier", "addContactEventHandler")))
                .thenCompose(x -> call(codec.call("socketEvent", "addGroupEventHandler")
                        .put("identifier", "addGroupEventHandler")))
                .thenCompose(x -> call(codec.call("user", "getUserSingleInfo")))
                .whenCompleteAsync((user, e) -> {
                    Throwable cause = unwrap(e);
                    if (cause instanceof EngineError) {
                        finish(serial, x -> fail(x, cause.getMessage()));
                    } else if (cause == null) {
                        finish(serial, x -> loginSucceeded(x, ImHttpCodec.text(user, "u_id"),
                                ImHttpCodec.text(user, "u_nick"), null, ImHttpCodec.text(user, "u_pfp_url")));
                    }
                }, lane);
    }

    @Override
    protected CompletableFuture<JsonNode> probe() {
        return call(codec.call("user", "connectionState")).toCompletableFuture();
    }

    /**
     * One exchange; completes with the reply's {@code data}, or {@link EngineError} (the app's error, or a non-2xx
     * status). When the app cannot be reached, the push socket is dropped too (the failure then re-queues or fails
     * every sent command, this one included) and the future fails with the cause.
     */
    private CompletionStage<JsonNode> call(ObjectNode body) {
        String method = body.path("__SERVER_ROUTE_MODULE").asText() + "." + body.path("__SERVER_ROUTE_METHOD").asText();
        return http.target(api).request(MediaType.APPLICATION_JSON_TYPE).rx()
                .post(Entity.entity(body.toString(), MediaType.APPLICATION_JSON_TYPE))
                .handle((response, e) -> {
                    if (e != null) {
                        String why = "the IM_HTTP app did not answer " + method + ": " + unwrap(e).toString();
                        lane.execute(() -> socket.drop(why));
                        throw new java.util.concurrent.CompletionException(new LinkGone(why));
                    }
                    try (Response r = response) {
                        if (r.getStatus() / 100 != 2) {
                            throw new EngineError("IM_HTTP app answered HTTP " + r.getStatus() + " to " + method);
                        }
                        JsonNode reply = runtime.parse(protocol(), link.id().key(), r.readEntity(String.class));
                        if (reply == null) {
                            throw new EngineError("IM_HTTP app answered " + method + " with something that is not JSON");
                        }
                        String error = ImHttpCodec.error(reply);
                        if (error != null) {
                            throw new EngineError(error);
                        }
                        return reply.path("data");
                    }
                });
    }

    @Override
    public void text(String frame) {
        JsonNode n = runtime.parse(protocol(), link.id().key(), frame);
        if (n == null) {
            return;
        }
        ImHttpCodec.Push p = codec.read(n);
        if (p == null) {
            runtime.malformed(protocol(), link.id().key(), frame);
            return;
        }
        JsonNode d = p.data();
        String merchant = link.merchantId();
        String robot = link.robotSerialNo();
        switch (p.type()) {
            case "receive" -> {
                // Seed 003's message record: rs_type 1 single chat, 2 group chat; rs_id is the conversation.
                boolean group = d.path("rs_type").asInt(1) == 2;
                String conversation = ImHttpCodec.text(d, "rs_id") != null ? ImHttpCodec.text(d, "rs_id")
                        : ImHttpCodec.text(d, "cid");
                String from = ImHttpCodec.text(d, "c_nd_add");
                // A direct chat's conversation is the peer: when the peer wrote, the receiver is the robot (null).
                String to = group || conversation == null || conversation.equals(from) ? null : conversation;
                pushed("an incoming message", () -> inbound().messageReceived(merchant, robot, message(
                        ImHttpCodec.text(d, "msg_id"), from, to,
                        group ? conversation : null, ImHttpCodec.msgType(d.path("msg_type").asInt()), codec.content(d),
                        d.path("created_time").asLong(System.currentTimeMillis()))));
            }
            case "loginState" -> {
                if ("logout".equals(ImHttpCodec.text(d, "state"))) {
                    pushed("a logout", () -> inbound().loggedOut(merchant, robot, link.id(),
                            d.path("reason").asText("logged out in the IM app")));
                }
            }
            case "fileHash" -> {
                // The first half of an image or video send's second step (docs/ENGINES.md): its send may not have
                // read the reply yet, so an unclaimed push waits for it.
                String msgId = ImHttpCodec.text(d, "msg_id");
                if (msgId != null && !answered(FILE_HASH + msgId, d, null)) {
                    earlyHashes.put(msgId, d);
                }
            }
            case "fileHashResult" -> {
                int code = d.path("code").asInt(-1);
                String error = code == 200 ? null
                        : "IM_HTTP app error " + code + ": " + d.path("message").asText("");
                if (!answered(SECOND_STEP + d.path("hash").asText(), d, error)) {
                    runtime.unknownCorrelation(protocol(), link.id().key(), "fileHashResult " + d.path("hash").asText());
                }
            }
            case "contact" -> pushed("a contact change", () -> inbound().report(merchant, robot, null,
                    social.contactChanged(d)));
            case "group" -> pushed("a group change", () -> inbound().report(merchant, robot, null,
                    social.groupChanged(d)));
            default -> {
                runtime.count(protocol(), "unknown_event");
                LOG.debugf("IM_HTTP link %s pushed %s, which the platform does not use yet", link.id().key(), p.type());
            }
        }
    }
}
