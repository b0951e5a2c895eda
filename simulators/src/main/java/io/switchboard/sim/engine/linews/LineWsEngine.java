package io.switchboard.sim.engine.linews;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.sim.engine.EngineFixtures;
import io.switchboard.sim.engine.EngineServer;
import io.switchboard.sim.engine.Faults;
import io.switchboard.sim.engine.IncomingMedia;
import io.switchboard.sim.engine.IncomingText;
import io.switchboard.sim.engine.Pushed;
import io.switchboard.sim.engine.Received;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A LINE WebSocket engine (seed 002) as docs/ENGINES.md "LINE_WS" fixes its wire: JSON command frames with
 * {@code task_id}, replies {@code {"task_id","command","code","message","data"}}, pushes {@code {"event","data"}}.
 *
 * <p>Every command of the seed is recognised and its fields are checked against the seed's example (present, same
 * JSON type). Login: the password is {@link #password(String)}'s for every email; an empty or unknown {@code cert}
 * runs the first-login flow (push {@code pincode}, reply ok, push {@code cert}), a cert this engine issued (or was
 * told about with {@link #knownCert}) logs in at once. {@code LoginWithToken} takes any non-empty token not
 * {@link #revokeToken revoked}. The login is engine-side state: it survives the socket, as the real engine's does.
 */
public final class LineWsEngine extends EngineServer {

    public static final String PROTOCOL = "LINE_WS";

    /** Reply codes the simulator uses (the seed names none; documented in docs/ENGINES.md "Engine simulators"). */
    public static final int OK = 0;
    public static final int BAD_REQUEST = 400;
    public static final int NOT_LOGGED_IN = 401;
    public static final int BAD_CREDENTIALS = 403;
    public static final int UNKNOWN_COMMAND = 404;

    private static final Set<String> NOT_CHECKED = Set.of("task_id", "command", "cert", "proxy_server",
            "proxy_port", "proxy_username", "proxy_password", "proxy_type");
    private static final Set<String> PROXY_TYPES = Set.of("", "http", "socks5");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** command → the seed's example of it (the shape each request is checked against). */
    private static final Map<String, JsonNode> SEED_COMMANDS = seedCommands();

    /** The send commands and the message type word each carries. */
    public static final Map<String, String> SEND_COMMANDS = Map.of("SendText", "text", "SendImage", "image",
            "SendVideo", "video", "SendAudio", "audio", "SendFile", "file", "SendLocation", "location",
            "SendContact", "contact");
    /** Where {@code DownloadFile} says a file can be fetched: {@code http://host:port/files/<msg_id>}. */
    public static final String FILES_PATH = "/files/";

    private final AtomicLong messageIds = new AtomicLong(1000);
    /** Incoming media messages pushed: msg_id → its type word (their files are served under {@link #FILES_PATH}). */
    private final Map<String, String> media = new ConcurrentHashMap<>();
    private final Map<String, String> certs = new ConcurrentHashMap<>();
    private final Set<String> revokedTokens = ConcurrentHashMap.newKeySet();
    private final AtomicReference<PendingLogin> pendingPin = new AtomicReference<>();
    private volatile String password = "secret";
    private volatile boolean manualPin;
    private volatile boolean requireLogin = true;
    private volatile boolean loggedIn;
    private volatile String mid = "u5f2c8e0d9a7b4c3e1f0a9b8c7d6e5f4a";
    private volatile String displayName = "Switchboard LINE sim";
    private volatile String userid = "sb_sim";
    private volatile String loginEmail = "";
    private volatile String loginPhone = "";

    private record PendingLogin(Conn conn, JsonNode request, String email) {
    }

    private LineWsEngine(String host) {
        super(PROTOCOL, host);
    }

    /** Starts an engine on 127.0.0.1; {@code port} 0 takes any free port. */
    public static LineWsEngine start(int port) {
        return start("127.0.0.1", port);
    }

    public static LineWsEngine start(String host, int port) {
        LineWsEngine e = new LineWsEngine(host);
        e.listen(port);
        return e;
    }

    @Override
    public String url() {
        return "ws://" + host() + ":" + port();
    }

    // ------------------------------------------------------------ configuration

    /** The password every email must log in with (default {@code secret}). */
    public LineWsEngine password(String password) {
        this.password = password;
        return this;
    }

    /** The account's profile as {@code Login} and {@code GetProfile} report it. */
    public LineWsEngine profile(String mid, String displayName) {
        this.mid = mid;
        this.displayName = displayName;
        return this;
    }

    public String mid() {
        return mid;
    }

    /** A cert the engine accepts for this email without a PIN (as if issued by an earlier login). */
    public LineWsEngine knownCert(String email, String cert) {
        certs.put(email, cert);
        return this;
    }

    /** The cert this engine issued or was told about for the email, or null. */
    public String certOf(String email) {
        return certs.get(email);
    }

    /** {@code LoginWithToken} with this token fails with 403 from now on. */
    public LineWsEngine revokeToken(String token) {
        revokedTokens.add(token);
        return this;
    }

    /**
     * {@code true}: a first login stops after the {@code pincode} push until {@link #confirmPin()} (the person typed
     * the PIN on the phone); {@code false} (default): the reply and the {@code cert} push follow at once.
     */
    public LineWsEngine manualPin(boolean manual) {
        this.manualPin = manual;
        return this;
    }

    /** Completes the login waiting for its PIN (reply ok, push cert); false when none waits. */
    public boolean confirmPin() {
        PendingLogin p = pendingPin.getAndSet(null);
        if (p == null) {
            return false;
        }
        reply(p.conn(), firstLoginCompletion(p.request(), p.email()));
        return true;
    }

    /** {@code false}: commands other than the two logins are answered even when no account is logged in. */
    public LineWsEngine requireLogin(boolean require) {
        this.requireLogin = require;
        return this;
    }

    @Override
    public boolean loggedIn() {
        return loggedIn;
    }

    @Override
    public LineWsEngine loggedIn(boolean in) {
        this.loggedIn = in;
        return this;
    }

    @Override
    public String probeCommand() {
        return "GetProfile";
    }

    // ------------------------------------------------------------ requests

    @Override
    protected void onText(Conn conn, String text) {
        JsonNode frame = parse(text);
        if (frame == null || !frame.isObject()) {
            // A real engine would ignore it too; recorded so tests can see what the driver sent.
            record(conn.id(), null, null, null, frame, text);
            log("   not a JSON object: no reply");
            return;
        }
        String command = frame.path("command").isTextual() ? frame.get("command").asText() : null;
        JsonNode taskId = frame.get("task_id");
        Received r = record(conn.id(), command, command, taskId == null ? null : taskId.asText(), frame, text);
        Faults.Rule rule = faultFor(r);
        if (rule != null && swallowedOrGarbled(conn, rule)) {
            return;
        }
        if (rule != null) {
            switch (rule.kind()) {
                case ERROR -> {
                    reply(conn, List.of(json(replyFrame(frame, rule.code(), rule.message(), Map.of()))));
                    return;
                }
                case UNKNOWN_ID -> {
                    List<String> frames = new ArrayList<>();
                    long unknown = unknownId();
                    for (ObjectNode f : answer(conn, frame, command)) {
                        if (f.has("command")) {
                            f.put("task_id", unknown);
                        }
                        frames.add(json(f));
                    }
                    reply(conn, frames);
                    return;
                }
                default -> throw new IllegalStateException(rule.kind() + " does not apply to " + PROTOCOL);
            }
        }
        reply(conn, answer(conn, frame, command).stream().map(EngineServer::json).toList());
    }

    /** The frames a command produces, in order (pushes and the reply). Empty when a PIN is awaited. */
    private List<ObjectNode> answer(Conn conn, JsonNode frame, String command) {
        if (command == null) {
            return List.of(replyFrame(frame, BAD_REQUEST, "command is required", Map.of()));
        }
        JsonNode seed = SEED_COMMANDS.get(command);
        if (seed == null) {
            return List.of(replyFrame(frame, UNKNOWN_COMMAND, "unknown command " + command, Map.of()));
        }
        String bad = checkShape(frame, seed);
        if (bad != null) {
            return List.of(replyFrame(frame, BAD_REQUEST, bad, Map.of()));
        }
        return switch (command) {
            case "Login" -> login(conn, frame);
            case "LoginWithToken" -> loginWithToken(frame);
            default -> {
                if (requireLogin && !loggedIn) {
                    yield List.of(replyFrame(frame, NOT_LOGGED_IN, "not logged in", Map.of()));
                }
                String wrong = SEND_COMMANDS.containsKey(command) ? checkSend(command, frame)
                        : command.equals("DownloadFile") ? checkDownload(frame) : null;
                if (wrong != null) {
                    yield List.of(replyFrame(frame, BAD_REQUEST, wrong, Map.of()));
                }
                yield List.of(replyFrame(frame, OK, "", data(command, frame)));
            }
        };
    }

    /** Null when the request has every field of the seed's example with the same JSON type; else why not. */
    private static String checkShape(JsonNode frame, JsonNode seed) {
        for (Map.Entry<String, JsonNode> field : seed.properties()) {
            if (NOT_CHECKED.contains(field.getKey())) {
                continue;
            }
            JsonNode got = frame.get(field.getKey());
            if (got == null || got.isNull()) {
                return "missing field " + field.getKey();
            }
            JsonNode want = field.getValue();
            boolean same = want.isNumber() ? got.isNumber() : got.getNodeType() == want.getNodeType();
            if (!same) {
                return "field " + field.getKey() + " must be " + want.getNodeType().name().toLowerCase()
                        + ", was " + got.getNodeType().name().toLowerCase();
            }
        }
        return null;
    }

    private String checkProxy(JsonNode frame) {
        String type = frame.path("proxy_type").asText("");
        if (!PROXY_TYPES.contains(type)) {
            return "proxy_type must be http, socks5 or empty, was " + type;
        }
        if (type.equals("socks5") && !frame.path("proxy_password").asText("").isEmpty()) {
            return "proxy_type socks5 takes no proxy_password";
        }
        JsonNode port = frame.get("proxy_port");
        if (port != null && !port.isNull() && !port.isInt()) {
            return "proxy_port must be an integer";
        }
        return null;
    }

    private List<ObjectNode> login(Conn conn, JsonNode frame) {
        String proxy = checkProxy(frame);
        if (proxy != null) {
            return List.of(replyFrame(frame, BAD_REQUEST, proxy, Map.of()));
        }
        String email = frame.get("email").asText();
        if (!password.equals(frame.get("password").asText())) {
            return List.of(replyFrame(frame, BAD_CREDENTIALS, "invalid email or password", Map.of()));
        }
        String cert = frame.path("cert").asText("");
        if (!cert.isEmpty() && cert.equals(certs.get(email))) {
            return List.of(loggedInReply(frame, email, ""));
        }
        // First login on this engine (or a cert it does not know): the PIN is typed on the phone.
        String pin = String.format("%06d", RANDOM.nextInt(1_000_000));
        ObjectNode pincode = event("pincode", Map.of("pin", pin));
        if (manualPin) {
            pendingPin.set(new PendingLogin(conn, frame, email));
            return List.of(pincode);
        }
        List<ObjectNode> frames = new ArrayList<>();
        frames.add(pincode);
        frames.addAll(firstLoginFrames(frame, email));
        return frames;
    }

    private List<String> firstLoginCompletion(JsonNode request, String email) {
        return firstLoginFrames(request, email).stream().map(EngineServer::json).toList();
    }

    private List<ObjectNode> firstLoginFrames(JsonNode request, String email) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String cert = "cert-" + HexFormat.of().formatHex(bytes);
        certs.put(email, cert);
        return List.of(loggedInReply(request, email, ""), event("cert", Map.of("cert", cert)));
    }

    private ObjectNode loggedInReply(JsonNode request, String email, String phone) {
        loggedIn = true;
        loginEmail = email;
        loginPhone = phone;
        return replyFrame(request, OK, "", profileData(false));
    }

    private List<ObjectNode> loginWithToken(JsonNode frame) {
        String proxy = checkProxy(frame);
        if (proxy != null) {
            return List.of(replyFrame(frame, BAD_REQUEST, proxy, Map.of()));
        }
        String token = frame.get("auth_token").asText();
        if (token.isBlank() || revokedTokens.contains(token)) {
            return List.of(replyFrame(frame, BAD_CREDENTIALS, "invalid auth_token", Map.of()));
        }
        return List.of(loggedInReply(frame, "", frame.get("phone").asText()));
    }

    /** Login data {mid, displayName, phone, email}; GetProfile data {mid, displayName, statusMessage, …}. */
    private Map<String, Object> profileData(boolean full) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mid", mid);
        d.put("displayName", displayName);
        if (full) {
            d.put("statusMessage", "simulated by Switchboard");
            d.put("pictureUrl", "https://profile.line-scdn.net/sim/" + mid);
        }
        d.put("phone", loginPhone);
        if (full) {
            d.put("userid", userid);
        } else {
            d.put("email", loginEmail);
        }
        return d;
    }

    /** Plausible data for every other command (the seed shows no replies; docs/ENGINES.md lists these). */
    private Map<String, Object> data(String command, JsonNode f) {
        return switch (command) {
            case "GetProfile" -> profileData(true);
            case "GetJoinedGroupIds" -> map("group_ids", List.of("c1f0e2d3c4b5a69788796a5b4c3d2e1f0", "c2a3b4c5d6e7f8091a2b3c4d5e6f70812"));
            case "GetAllContactIds" -> map("mids", List.of("u1a2b3c4d5e6f708192a3b4c5d6e7f809", "u2b3c4d5e6f708192a3b4c5d6e7f8091a"));
            case "GetContacts" -> map("contacts", contacts(f.get("mids")));
            case "SearchContactByUserid" -> map("contact", contact("u" + hex(f.get("user_id").asText())));
            case "SearchContactByPhones" -> map("contacts", contactsForPhones(f.get("phones")));
            case "SearchContactByUrl" -> map("contact", contact("u" + hex(f.get("url").asText())));
            case "SearchAndAddContactsByMid" -> map("contact", contact(f.get("mid").asText()));
            case "SearchGroupByUrl" -> map("group", group("c" + hex(f.get("url").asText()), "group by url"));
            case "SearchGroupById" -> map("group", group("c" + hex(f.get("id").asText()), "group " + f.get("id").asText()));
            case "CreateGroup" -> map("group_id", "c" + hex("group-" + messageIds.incrementAndGet()),
                    "name", f.get("name").asText(), "mids", f.get("mids"));
            case "JoinGroupByUrl" -> map("group_id", f.get("group_id").asText());
            case "CheckUseridValid" -> map("user_id", f.get("user_id").asText(), "valid", true);
            case "GetQrCode" -> map("url", "https://line.me/ti/p/sim-" + mid);
            case "GetGroupQrcode" -> map("url", "https://line.me/R/ti/g/sim-" + f.get("group_id").asText());
            case "GetSettings" -> map("contactNotification", true, "searchByUserId", true, "secondaryLogin", true);
            case "SendText", "SendLocation", "SendContact", "SendImage", "SendVideo", "SendAudio", "SendFile" -> {
                String msgId = String.valueOf(messageIds.incrementAndGet());
                String to = f.get("to").asText();
                // LINE ids say what they name: u… a user, c… a group (r… a room).
                sent(command, to, to.startsWith("c"), SEND_COMMANDS.get(command), sentContent(command, f), msgId);
                yield map("msg_id", msgId);
            }
            case "DownloadFile" -> map("msg_id", f.get("msg_id").asText(), "path", f.get("path").asText(),
                    "url", fileUrl(f.get("msg_id").asText()));
            case "SetNickName" -> {
                displayName = f.get("nickname").asText();
                yield Map.of();
            }
            case "SetMyUserid" -> {
                userid = f.get("user_id").asText();
                yield Map.of();
            }
            default -> Map.of();
        };
    }

    private static List<Object> contacts(JsonNode mids) {
        List<Object> list = new ArrayList<>();
        mids.forEach(m -> list.add(contact(m.asText())));
        return list;
    }

    private static List<Object> contactsForPhones(JsonNode phones) {
        List<Object> list = new ArrayList<>();
        phones.forEach(p -> {
            Map<String, Object> c = contact("u" + hex(p.asText()));
            c.put("phone", p.asText());
            list.add(c);
        });
        return list;
    }

    private static Map<String, Object> contact(String mid) {
        return map("mid", mid, "displayName", "Contact " + mid.substring(0, Math.min(8, mid.length())),
                "statusMessage", "", "pictureUrl", "");
    }

    private static Map<String, Object> group(String id, String name) {
        return map("group_id", id, "name", name, "member_count", 3);
    }

    /** A stable 32-hex id from any text, so the same search answers the same. */
    private static String hex(String seed) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("MD5").digest(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Null when a send is well-formed beyond the seed's field types; else why not (code 400). */
    private static String checkSend(String command, JsonNode f) {
        if (f.get("to").asText().isBlank()) {
            return "to must name a user or group mid";
        }
        return switch (command) {
            case "SendText" -> f.get("content").asText().isEmpty() ? "content must not be empty" : null;
            case "SendImage", "SendVideo", "SendAudio", "SendFile" -> f.get("path").asText().isBlank()
                    ? "path must name the file (a path on the engine host, or a URL the engine fetches)"
                    : f.has("duration") && f.get("duration").asLong() < 0 ? "duration must not be negative" : null;
            case "SendLocation" -> Math.abs(f.get("latitude").asDouble()) > 90
                    || Math.abs(f.get("longitude").asDouble()) > 180 ? "latitude/longitude out of range" : null;
            case "SendContact" -> f.get("contactMidOrVcard").asText().isBlank()
                    ? "contactMidOrVcard must not be empty" : null;
            default -> null;
        };
    }

    /** What a send carried, for {@link #messages()}: the text, the path, or the location/contact fields as JSON. */
    private static String sentContent(String command, JsonNode f) {
        return switch (command) {
            case "SendText" -> f.get("content").asText();
            case "SendLocation" -> json(map("title", f.get("title").asText(), "address", f.get("address").asText(),
                    "latitude", f.get("latitude").asDouble(), "longitude", f.get("longitude").asDouble()));
            case "SendContact" -> json(map("contactMidOrVcard", f.get("contactMidOrVcard").asText(),
                    "contactIsMid", f.get("contactIsMid").asBoolean(), "displayName", f.get("displayName").asText()));
            default -> f.get("path").asText();
        };
    }

    /** DownloadFile names a media message this engine pushed, and a path to save it to. */
    private String checkDownload(JsonNode f) {
        if (f.get("path").asText().isBlank()) {
            return "path must name where the engine saves the file";
        }
        String msgId = f.get("msg_id").asText();
        return media.containsKey(msgId) ? null : "message " + msgId + " has no file on this engine";
    }

    private String fileUrl(String msgId) {
        return "http://" + host() + ":" + port() + FILES_PATH + msgId;
    }

    /** {@code GET /files/<msg_id>}: the file of a media message this engine pushed (what DownloadFile points at). */
    @Override
    protected void onHttp(io.vertx.core.http.HttpServerRequest request) {
        String path = request.path();
        String msgId = path.startsWith(FILES_PATH) ? path.substring(FILES_PATH.length()) : null;
        String type = msgId == null ? null : media.get(msgId);
        if (request.method() != io.vertx.core.http.HttpMethod.GET || type == null) {
            super.onHttp(request);
            return;
        }
        String contentType = switch (type) {
            case "image" -> "image/png";
            case "video" -> "video/mp4";
            case "audio" -> "audio/mp4";
            default -> "application/octet-stream";
        };
        request.response().putHeader("content-type", contentType).end(fileBytes(msgId, type));
        log("-> GET " + path + " (" + type + ")");
    }

    /** The simulated file of a media message: a few bytes that name it. */
    public static String fileBytes(String msgId, String type) {
        return "simulated LINE " + type + " of message " + msgId + "\n";
    }

    @Override
    protected boolean isMessageSend(Received request) {
        return request.command() != null && SEND_COMMANDS.containsKey(request.command());
    }

    /** {@code {"task_id"?, "command", "code", "message", "data"}}; no task_id when the request had none. */
    private static ObjectNode replyFrame(JsonNode request, int code, String message, Object data) {
        ObjectNode r = JSON.createObjectNode();
        JsonNode taskId = request.get("task_id");
        if (taskId != null) {
            r.set("task_id", taskId);
        }
        r.put("command", request.path("command").asText(""));
        r.put("code", code);
        r.put("message", message == null ? "" : message);
        r.set("data", JSON.valueToTree(data));
        return r;
    }

    private static ObjectNode event(String name, Object data) {
        ObjectNode e = JSON.createObjectNode();
        e.put("event", name);
        e.set("data", JSON.valueToTree(data));
        return e;
    }

    // ------------------------------------------------------------ pushes

    @Override
    public Pushed pushIncomingText(IncomingText message) {
        return pushIncoming(message.from(), message.group(), "text", message.text());
    }

    /**
     * Pushes {@code message} with {@code content_type} image, video, audio or file and an empty {@code text}: as the
     * seed's {@code DownloadFile} implies, the push names the message, and the file is fetched with DownloadFile (the
     * simulator then answers a URL under {@link #FILES_PATH}; {@code message.url()} is not used).
     */
    @Override
    public Pushed pushIncomingMedia(IncomingMedia message) {
        Pushed pushed = pushIncoming(message.from(), message.group(), message.type(), "");
        media.put(pushed.messageId(), message.type());
        return pushed;
    }

    /** {@code message {msg_id, from, to (the robot's mid, or the group), to_type, content_type, text, created_time}}. */
    private Pushed pushIncoming(String from, String group, String contentType, String text) {
        String msgId = String.valueOf(messageIds.incrementAndGet());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("msg_id", msgId);
        data.put("from", from == null ? "u1a2b3c4d5e6f708192a3b4c5d6e7f809" : from);
        data.put("to", group != null ? group : mid);
        data.put("to_type", group != null ? "group" : "user");
        data.put("content_type", contentType);
        data.put("text", text);
        data.put("created_time", System.currentTimeMillis());
        String frame = json(event("message", data));
        return pushMessage(msgId, () -> broadcast(frame));
    }

    @Override
    public int pushLogout(String reason) {
        loggedIn = false;
        return broadcast(json(event("logout", Map.of("reason", reason == null ? "" : reason))));
    }

    /** Pushes {@code status} {@code {"state","reason"}} (normal, banned, limited). */
    public int pushStatus(String state, String reason) {
        return broadcast(json(event("status", map("state", state, "reason", reason == null ? "" : reason))));
    }

    /** Pushes {@code cert} out of turn. */
    public int pushCert(String cert) {
        return broadcast(json(event("cert", Map.of("cert", cert))));
    }

    /** Pushes {@code pincode} out of turn. */
    public int pushPincode(String pin) {
        return broadcast(json(event("pincode", Map.of("pin", pin))));
    }

    @Override
    public int pushEvent(String name, Map<String, ?> data) {
        return broadcast(json(event(name, data)));
    }

    private static Map<String, JsonNode> seedCommands() {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (JsonNode c : EngineFixtures.load(EngineFixtures.LINE_WS_COMMANDS).get("commands")) {
            JsonNode request = c.get("request");
            m.put(request.get("command").asText(), request);
        }
        return Map.copyOf(m);
    }

    /** Every command of seed 002, in the seed's order. */
    public static List<String> commands() {
        List<String> names = new ArrayList<>();
        EngineFixtures.load(EngineFixtures.LINE_WS_COMMANDS).get("commands")
                .forEach(c -> names.add(c.get("request").get("command").asText()));
        return names;
    }
}
