package io.switchboard.callback.driver.linews;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.callback.command.CommandContent;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.driver.engine.EngineRuntime;
import io.switchboard.callback.driver.engine.EngineSession;
import io.switchboard.callback.driver.engine.Social;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.callback.link.CommandResults.RobotEvent;
import io.switchboard.callback.link.OutboundMessage;
import io.switchboard.callback.link.RobotDriver.LinkGone;
import io.switchboard.callback.link.RobotDriver.Undeliverable;
import io.switchboard.callback.link.RobotLinks;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
import io.switchboard.common.event.EventTypes;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/** One LINE_WS robot's engine WebSocket: login, logout, pushes and the GetProfile probe (docs/ENGINES.md). */
final class LineWsSession extends EngineSession {
    private static final Logger LOG = Logger.getLogger(LineWsSession.class);

    private final LineWsCodec codec;
    private final CommandContent content;
    private final SecretCipher cipher;
    private final LineWsSocial social;
    /** The driver's own requests count down from -1, so they never meet a command's task_id. */
    private final AtomicLong ownIds = new AtomicLong();
    /** The login in flight: its task_id, for a Login reply or a pincode push that names none. */
    private volatile String loginTask;
    private volatile String loginSerial;

    LineWsSession(RobotLinks.Link link, EngineRuntime runtime, CommandContent content, SecretCipher cipher) {
        super(link, runtime, URI.create(link.engineUrl()));
        this.codec = new LineWsCodec(runtime.json());
        this.content = content;
        this.cipher = cipher;
        this.social = new LineWsSocial(new Social(runtime.json()), this::own);
    }

    @Override
    public String protocol() {
        return LineWsDriver.PROTOCOL;
    }






    @Override
    public void send(CommandRecord c) {
        switch (c.operation) {
            case "login" -> {
                JsonNode unified = content.of(c);
                if (LineWsCodec.text(unified, "authToken") == null && LineWsCodec.text(unified, "email") == null) {
                    throw new Undeliverable("a LINE_WS login needs email and password, or phone and auth_token");
                }
                loginTask = Long.toString(c.seq);
                loginSerial = c.serialNo;
                socket.send(codec.login(c.seq, unified).toString());
            }
            case "logout" -> logoutHere(c);
            case "sendMessage", "sendGroupMessage" -> {
                String frame;
                OutboundMessage m;
                try {
                    m = outbound(c);
                    frame = codec.send(c.seq, m).toString();
                } catch (IllegalArgumentException e) {
                    throw new Undeliverable(e.getMessage());
                }
                sendAfter(m.beforeSleepMs(), Long.toString(c.seq), frame);
            }
            default -> run(Long.toString(c.seq), social.plan(c.operation, content.of(c)));
        }
    }

    @Override
    protected CompletableFuture<JsonNode> probe() {
        return own("GetProfile");
    }

    private CompletableFuture<JsonNode> own(String command) {
        return own(command, f -> {});
    }

    /** One of the driver's own requests: {@code command} with the fields {@code fill} adds. */
    private CompletableFuture<JsonNode> own(String command, java.util.function.Consumer<ObjectNode> fill) {
        long id = ownIds.decrementAndGet();
        ObjectNode frame = codec.command(id, command);
        fill.accept(frame);
        return request(Long.toString(id), () -> socket.send(frame.toString()));
    }

    @Override
    public void text(String frame) {
        JsonNode n = runtime.parse(protocol(), link.id().key(), frame);
        if (n == null) {
            return;
        }
        Object read = codec.read(n);
        if (read instanceof LineWsCodec.Push p) {
            push(p);
        } else if (read instanceof LineWsCodec.Reply r) {
            reply(r);
        } else {
            runtime.malformed(protocol(), link.id().key(), frame);
        }
    }

    private void reply(LineWsCodec.Reply r) {
        String task = r.taskId() != null ? r.taskId() : LineWsCodec.isLogin(r.command()) ? loginTask : null;
        if (task == null) {
            runtime.unknownCorrelation(protocol(), link.id().key(), "a " + r.command() + " reply without task_id");
            return;
        }
        if (task.startsWith("-")) {
            if (!answered(task, r.data(), r.error())) {
                runtime.unknownCorrelation(protocol(), link.id().key(), task);
            }
            return;
        }
        CommandRecord c = command(task).orElse(null);
        if (c == null) {
            return;
        }
        if (r.error() != null) {
            finish(task, x -> fail(x, r.error()));
        } else if ("login".equals(c.operation)) {
            loginAnswered(task);
        } else {
            finish(task, x -> replied(x, r.data(), LineWsCodec.text(r.data(), "msg_id")));
        }
    }

    /** The engine accepted the login: the profile names the robot, then the login succeeds. */
    private void loginAnswered(String task) {
        loginTask = null;
        own("GetProfile").whenCompleteAsync((profile, e) -> {
            Throwable cause = unwrap(e);
            if (cause instanceof LinkGone) {
                return; // the login went back to PENDING with the drop and is sent again
            }
            if (cause != null) {
                finish(task, x -> fail(x, "the login was accepted but GetProfile failed: " + cause.getMessage()));
                return;
            }
            finish(task, x -> loginSucceeded(x, LineWsCodec.text(profile, "mid"),
                    LineWsCodec.text(profile, "displayName"), LineWsCodec.text(profile, "phone"),
                    LineWsCodec.text(profile, "pictureUrl")));
        }, lane);
    }

    /**
     * An incoming message. A media one names only its message: the driver asks the engine for the file
     * ({@code DownloadFile}) and reports the URL (or path) the engine answers; when that fails the message is still
     * reported, with no content (docs/ENGINES.md "Media").
     */
    private void received(JsonNode d) {
        String msgId = LineWsCodec.text(d, "msg_id");
        int type = msgType(LineWsCodec.text(d, "content_type"));
        long sentAt = d.path("created_time").asLong(System.currentTimeMillis());
        java.util.function.Consumer<String> report = content -> pushed("an incoming message", () -> inbound()
                .messageReceived(link.merchantId(), link.robotSerialNo(), message(msgId, LineWsCodec.text(d, "from"),
                        LineWsCodec.text(d, "to"), "group".equals(LineWsCodec.text(d, "to_type"))
                                ? LineWsCodec.text(d, "to") : null, type, content, sentAt)));
        if (type < 1 || type > 4 || msgId == null) {
            report.accept(LineWsCodec.text(d, "text"));
            return;
        }
        own("DownloadFile", f -> f.put("msg_id", msgId).put("path", LineWsCodec.downloadPath(msgId)))
                .whenCompleteAsync((file, e) -> {
                    if (e != null) {
                        LOG.warnf("LINE_WS link %s: DownloadFile of message %s failed, reported without its file: %s",
                                link.id().key(), msgId, unwrap(e).toString());
                    }
                    report.accept(e == null ? LineWsCodec.downloaded(file) : null);
                }, lane);
    }

    private void push(LineWsCodec.Push p) {
        JsonNode d = p.data();
        String merchant = link.merchantId();
        String robot = link.robotSerialNo();
        switch (p.event()) {
            case "message" -> received(d);
            case "logout" -> pushed("a logout", () -> inbound().loggedOut(merchant, robot, link.id(),
                    d.path("reason").asText("logged out by the LINE_WS engine")));
            case "cert" -> {
                String cert = LineWsCodec.text(d, "cert");
                if (cert == null || cert.isEmpty()) {
                    runtime.malformed(protocol(), link.id().key(), "a cert push without cert");
                    return;
                }
                String enc = cipher.encrypt(cert, SecretContexts.robotCert(robot));
                pushed("a login certificate", () -> inbound().report(merchant, robot, null,
                        new RobotEvent(EventTypes.ROBOT_CERT_ISSUED, inbound().data().put("certEnc", enc))));
            }
            case "pincode" -> {
                String serial = loginSerial;
                pushed("a login PIN", () -> inbound().report(merchant, robot, serial,
                        new RobotEvent(EventTypes.ROBOT_LOGIN_PIN_REQUIRED,
                                inbound().data().put("pin", LineWsCodec.text(d, "pin")))));
            }
            case "status" -> {
                int state = switch (d.path("state").asText("")) {
                    case "banned" -> 2;
                    case "limited" -> 3;
                    default -> 0;
                };
                pushed("a status change", () -> inbound().report(merchant, robot, null,
                        new RobotEvent(EventTypes.ROBOT_STATUS_CHANGED, inbound().data().put("state", state)
                                .put("reason", d.path("reason").asText("")))));
            }
            default -> {
                runtime.count(protocol(), "unknown_event");
                LOG.debugf("LINE_WS link %s pushed event %s, which the platform does not use", link.id().key(), p.event());
            }
        }
    }
}
