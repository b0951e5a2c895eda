package io.switchboard.callback.driver.chat68;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.callback.command.CommandContent;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.driver.engine.Social;
import io.switchboard.callback.driver.engine.EngineRuntime;
import io.switchboard.callback.driver.engine.EngineSession;
import io.switchboard.callback.link.OutboundMessage;
import io.switchboard.callback.link.RobotDriver.Undeliverable;
import io.switchboard.callback.link.RobotLinks;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * One CHAT68_WS robot's engine WebSocket. The link is ready once {@code getApiUrl} answered (every {@code request}
 * names a URL under it); login reads {@code UserInfo}; logout has no engine command (docs/ENGINES.md).
 */
final class Chat68Session extends EngineSession {
    private static final Logger LOG = Logger.getLogger(Chat68Session.class);
    static final String USER_INFO = "/user/userInfo";

    private final Chat68Codec codec;
    private final CommandContent content;
    private final Chat68Social social;
    private final AtomicLong ownIds = new AtomicLong();
    private volatile String apiUrl;

    Chat68Session(RobotLinks.Link link, EngineRuntime runtime, CommandContent content) {
        super(link, runtime, URI.create(link.engineUrl()));
        this.codec = new Chat68Codec(runtime.json());
        this.content = content;
        this.social = new Chat68Social(new Social(runtime.json()), new Chat68Social.Ask() {
            @Override
            public CompletableFuture<JsonNode> request(String requestType, String protoType, String path, JsonNode data) {
                return own(id -> codec.request(id, requestType, protoType, apiUrl, path, data));
            }

            @Override
            public CompletableFuture<JsonNode> frame(String type, JsonNode data) {
                return own(id -> {
                    ObjectNode f = codec.frame(id, type);
                    if (data != null) {
                        f.set("data", data);
                    }
                    return f;
                });
            }
        });
    }

    @Override
    public String protocol() {
        return Chat68Driver.PROTOCOL;
    }




    @Override
    public void opened() {
        own(id -> codec.frame(id, "getApiUrl")).whenCompleteAsync((url, e) -> {
            if (e != null || url == null || !url.isTextual() || url.asText().isBlank()) {
                String why = "getApiUrl failed: " + (e != null ? unwrap(e).getMessage() : "no URL in the reply");
                lost(why);
                socket.drop(why);
                return;
            }
            apiUrl = url.asText().replaceAll("/+$", "");
            becameReady();
        }, lane);
    }


    @Override
    public void send(CommandRecord c) {
        String id = Chat68Codec.COMMAND_PREFIX + c.seq;
        switch (c.operation) {
            case "login" -> socket.send(codec.request(id, "UserInfo", apiUrl, USER_INFO, null).toString());
            case "logout" -> logoutHere(c);
            case "sendMessage", "sendGroupMessage" -> {
                String frame;
                OutboundMessage m;
                try {
                    m = outbound(c);
                    frame = codec.send(id, m).toString();
                } catch (RuntimeException e) { // a content that does not fit, or an id that is not a 68chat number
                    throw new Undeliverable(e.getMessage());
                }
                sendAfter(m.beforeSleepMs(), id, frame);
            }
            default -> run(id, social.plan(c.operation, content.of(c)));
        }
    }

    @Override
    protected CompletableFuture<JsonNode> probe() {
        return own(id -> codec.request(id, "UserInfo", apiUrl, USER_INFO, null));
    }

    private CompletableFuture<JsonNode> own(java.util.function.Function<String, ObjectNode> frame) {
        String id = Chat68Codec.OWN_PREFIX + ownIds.incrementAndGet();
        return request(id, () -> socket.send(frame.apply(id).toString()));
    }

    @Override
    public void text(String frame) {
        JsonNode n = runtime.parse(protocol(), link.id().key(), frame);
        if (n == null) {
            return;
        }
        Object read = codec.read(n);
        if (read instanceof Chat68Codec.Push p) {
            push(p);
        } else if (read instanceof Chat68Codec.Reply r) {
            reply(r);
        } else {
            runtime.malformed(protocol(), link.id().key(), frame);
        }
    }

    private void reply(Chat68Codec.Reply r) {
        if (r.id().startsWith(Chat68Codec.OWN_PREFIX)) {
            if (!answered(r.id(), r.data(), r.error())) {
                runtime.unknownCorrelation(protocol(), link.id().key(), r.id());
            }
            return;
        }
        CommandRecord c = command(r.id()).orElse(null);
        if (c == null) {
            return;
        }
        if (r.error() != null) {
            finish(r.id(), x -> fail(x, r.error()));
        } else if ("login".equals(c.operation)) {
            JsonNode user = r.data().path("userInfo");
            finish(r.id(), x -> loginSucceeded(x, Chat68Codec.text(user, "uid"), Chat68Codec.text(user, "nickName"),
                    null, Chat68Codec.text(user, "icon")));
        } else {
            finish(r.id(), x -> replied(x, r.data(), Chat68Codec.text(r.data(), "msgId")));
        }
    }

    private void push(Chat68Codec.Push p) {
        JsonNode d = p.data();
        String merchant = link.merchantId();
        String robot = link.robotSerialNo();
        switch (p.event()) {
            case "message" -> {
                boolean group = "group".equals(Chat68Codec.text(d, "targetType"));
                String first = d.path("list").path(0).path("type").asText("text");
                pushed("an incoming message", () -> inbound().messageReceived(merchant, robot, message(
                        Chat68Codec.text(d, "msgId"), Chat68Codec.text(d, "fromUid"),
                        // A direct message's targetId is the conversation (the friend): it was sent to the robot.
                        null, group ? Chat68Codec.text(d, "targetId") : null,
                        msgType(first), Chat68Codec.content(d.path("list")),
                        d.path("createTime").asLong(System.currentTimeMillis()))));
            }
            case "logout" -> pushed("a logout", () -> inbound().loggedOut(merchant, robot, link.id(),
                    d.path("reason").asText("the 68chat app was logged out")));
            default -> {
                runtime.count(protocol(), "unknown_event");
                LOG.debugf("CHAT68_WS link %s pushed event %s, which the platform does not use", link.id().key(), p.event());
            }
        }
    }
}
