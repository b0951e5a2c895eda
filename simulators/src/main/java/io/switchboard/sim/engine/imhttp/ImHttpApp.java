package io.switchboard.sim.engine.imhttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.sim.engine.EngineFixtures;
import io.switchboard.sim.engine.EngineServer;
import io.switchboard.sim.engine.Faults;
import io.switchboard.sim.engine.IncomingMedia;
import io.switchboard.sim.engine.IncomingText;
import io.switchboard.sim.engine.Pushed;
import io.switchboard.sim.engine.Received;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The IM app's local API (seed 003) as docs/ENGINES.md "IM_HTTP" fixes it: {@code POST <path>} with
 * {@code {"__SERVER_ROUTE_MODULE","__SERVER_ROUTE_METHOD",…}}, replies {@code {code, message, data}} (200 =
 * success), and a push WebSocket at {@code /ws} on the same port with frames {@code {"type","data"}}.
 *
 * <p>Every one of the seed's 199 methods is known: its required fields (the seed's table, where its own example
 * has them) are checked (1000 参数不能为null) and it answers the seed's sample response. On top of that:
 * {@code login.exportLogin} checks the password (20010 密码错误), {@code login.exportLogout} logs out, the
 * {@code contact}, {@code group}, {@code chat}, {@code block}, {@code sync} and {@code user} modules need a login
 * (20061 未登录), {@code socketEvent.*} registers the listener that lets pushes of that kind flow, and an unknown
 * method answers 300 接口方法未实现 (the seed's own code for it). The codes are the seed's table (its chapter 10).
 */
public final class ImHttpApp extends EngineServer {

    public static final String PROTOCOL = "IM_HTTP";
    public static final String PUSH_PATH = "/ws";

    public static final int OK = 200;
    public static final int NOT_IMPLEMENTED = 300;
    public static final int BAD_PARAMETERS = 600;
    public static final int PARAMETER_NULL = 1000;
    public static final int WRONG_PASSWORD = 20010;
    public static final int NOT_LOGGED_IN = 20061;

    /**
     * {@code rs_type} of a pushed {@code receive} record as docs/ENGINES.md fixes it (0 person, 1 group). The seed's
     * own table for chat.getMessagesByConversationId says 1 单聊 / 2 群聊: if the page is aligned with the seed,
     * change these two.
     */
    public static final int RS_TYPE_PERSON = 1;
    public static final int RS_TYPE_GROUP = 2;

    /** 获取文件信息失败 (seed 003 chapter 10): the second step of an image or video send named no file we know. */
    public static final int FILE_INFO_FAILED = 20082;

    /** {@code chat} send methods → the message type word and the seed's {@code msg_type} (1 text … 10 card). */
    public static final Map<String, String> SEND_METHODS = Map.of("chat.sendTextMessage", "text",
            "chat.sendImageMessage", "image", "chat.sendVideoMessage", "video", "chat.sendAudioMessage", "audio",
            "chat.sendFileMessage", "file", "chat.sendCardMessage", "contact");
    private static final Map<String, Integer> IM_TYPES = Map.of("text", 1, "image", 6, "video", 4, "audio", 3,
            "file", 5, "contact", 10);
    /**
     * The push after an image or video send ({@code {msg_id, hash, localPath}}) and the answer to the second step
     * ({@code {hash, code, message}}): the seed says these travel on the webSocket but names neither
     * (docs/ENGINES.md "IM_HTTP").
     */
    public static final String FILE_HASH = "fileHash";
    public static final String FILE_HASH_RESULT = "fileHashResult";

    /** An image or video send waiting for its second step, by hash. */
    private record PendingFile(String hash, String msgId, String localPath, String command, String cid, boolean group,
                               String type, String filePath) {
    }

    private static final Set<String> NEED_LOGIN = Set.of("contact", "group", "chat", "block", "sync", "user");
    /** Push type → the socketEvent registration it needs (loginState needs none: addLoginStateListener is deprecated). */
    private static final Map<String, String> PUSH_NEEDS = Map.of(
            "receive", "addReceive", "contact", "addContactEventHandler", "group", "addGroupEventHandler");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** module.method → the seed's entry {module, method, required, request, response}. */
    private static final Map<String, JsonNode> METHODS = methods();

    private final String path;
    private final Set<String> listeners = ConcurrentHashMap.newKeySet();
    private final Set<HttpConnection> httpConnections = ConcurrentHashMap.newKeySet();
    private final Set<HttpServerRequest> swallowed = ConcurrentHashMap.newKeySet();
    private final AtomicLong httpIds = new AtomicLong();
    private final Map<String, PendingFile> pendingFiles = new ConcurrentHashMap<>();
    private final Map<HttpConnection, String> connectionNames = new ConcurrentHashMap<>();
    private volatile String password = "1111111111";
    private volatile boolean loggedIn;
    private volatile int nodeState = 1;
    private volatile String uId;
    private volatile String uNick;
    private volatile String nodeAddress;

    private ImHttpApp(String host, String path) {
        super(PROTOCOL, host);
        if (!path.startsWith("/") || path.equals(PUSH_PATH)) {
            throw new IllegalArgumentException("path must start with / and not be " + PUSH_PATH + ": " + path);
        }
        this.path = path;
        JsonNode user = METHODS.get("user.getUserSingleInfo").get("response").get("data");
        this.uId = user.get("u_id").asText();
        this.uNick = user.get("u_nick").asText();
        this.nodeAddress = user.get("u_nd_add").asText();
    }

    /** Starts the app on 127.0.0.1 with its API at {@code /api}; {@code port} 0 takes any free port. */
    public static ImHttpApp start(int port) {
        return start("127.0.0.1", port, "/api");
    }

    public static ImHttpApp start(int port, String path) {
        return start("127.0.0.1", port, path);
    }

    public static ImHttpApp start(String host, int port, String path) {
        ImHttpApp app = new ImHttpApp(host, path);
        app.listen(port);
        return app;
    }

    /** The API URL ({@code http://127.0.0.1:port/api}): what {@code engine_url} is set to. */
    @Override
    public String url() {
        return "http://" + host() + ":" + port() + path;
    }

    /** The push WebSocket, {@code ws://127.0.0.1:port/ws}. */
    public String pushUrl() {
        return "ws://" + host() + ":" + port() + PUSH_PATH;
    }

    @Override
    protected String socketPath() {
        return PUSH_PATH;
    }

    // ------------------------------------------------------------ configuration

    /** The password {@code login.exportLogin} accepts (default the seed's {@code 1111111111}). */
    public ImHttpApp password(String password) {
        this.password = password;
        return this;
    }

    /** The account as {@code user.getUserSingleInfo} reports it (default the seed's sample user). */
    public ImHttpApp profile(String uId, String uNick, String nodeAddress) {
        this.uId = uId;
        this.uNick = uNick;
        this.nodeAddress = nodeAddress;
        return this;
    }

    public String uId() {
        return uId;
    }

    /** What {@code user.connectionState} answers: 0 connecting, 1 connected (default), 2 disconnected. */
    public ImHttpApp nodeState(int state) {
        this.nodeState = state;
        return this;
    }

    @Override
    public boolean loggedIn() {
        return loggedIn;
    }

    @Override
    public String probeCommand() {
        return "user.connectionState";
    }

    @Override
    public ImHttpApp loggedIn(boolean in) {
        this.loggedIn = in;
        if (!in) {
            listeners.clear();
        }
        return this;
    }

    /** The socketEvent listeners registered since the last login ({@code addReceive}, …). */
    public Set<String> listeners() {
        return Set.copyOf(listeners);
    }

    /** Answers the next {@code times} requests of {@code command} with this HTTP status and a text body. */
    public void failNextHttp(String command, int times, int status) {
        faults.add(new Faults.Rule(command, Faults.Kind.HTTP_STATUS, status, "simulated HTTP " + status, times));
    }

    @Override
    public void unknownIdNext(String command, int times) {
        throw new UnsupportedOperationException(
                "IM_HTTP correlates by the HTTP exchange: there is no id to get wrong (use garbageNext or failNext)");
    }

    // ------------------------------------------------------------ HTTP

    @Override
    protected void onHttpConnection(HttpConnection connection) {
        httpConnections.add(connection);
        connectionNames.put(connection, "http-" + httpIds.incrementAndGet());
        connection.closeHandler(v -> {
            httpConnections.remove(connection);
            connectionNames.remove(connection);
        });
    }

    @Override
    protected int dropHttp() {
        int n = 0;
        for (HttpConnection c : httpConnections) {
            httpConnections.remove(c);
            c.close();
            n++;
        }
        swallowed.clear();
        return n;
    }

    @Override
    protected void onHttp(HttpServerRequest request) {
        if (!request.path().equals(path)) {
            request.response().setStatusCode(404).putHeader("content-type", "text/plain")
                    .end("no route " + request.path() + " (the API is POST " + path + ", pushes at " + PUSH_PATH + ")\n");
            return;
        }
        if (request.method() != HttpMethod.POST) {
            request.response().setStatusCode(405).putHeader("allow", "POST").end();
            return;
        }
        request.body().onSuccess(buffer -> handle(request, buffer.toString()))
                .onFailure(e -> log("request body failed: " + e));
    }

    private void handle(HttpServerRequest request, String text) {
        String conn = connectionNames.getOrDefault(request.connection(), "http");
        JsonNode body = parse(text);
        String module = body != null && body.path("__SERVER_ROUTE_MODULE").isTextual()
                ? body.get("__SERVER_ROUTE_MODULE").asText() : null;
        String method = body != null && body.path("__SERVER_ROUTE_METHOD").isTextual()
                ? body.get("__SERVER_ROUTE_METHOD").asText() : null;
        String command = module == null || method == null ? null : module + "." + method;
        Received r = record(conn, command, module, null, body, text);
        Faults.Rule rule = faultFor(r);
        if (rule != null) {
            switch (rule.kind()) {
                case SWALLOW -> {
                    swallowed.add(request);
                    log("   swallowed (" + (rule.message() == null ? "swallowNext" : rule.message()) + ")");
                    return;
                }
                case GARBAGE -> {
                    respond(request, 200, "text/html", GARBAGE);
                    return;
                }
                case HTTP_STATUS -> {
                    respond(request, rule.code(), "text/plain", rule.message());
                    return;
                }
                case ERROR -> {
                    respond(request, 200, "application/json", json(result(rule.code(), rule.message(), Map.of())));
                    return;
                }
                default -> throw new IllegalStateException(rule.kind() + " does not apply to " + PROTOCOL);
            }
        }
        ObjectNode answer = answer(body, module, method);
        PendingFile file = command != null && answer.path("code").asInt() == OK ? twoStep(command, body, answer) : null;
        respond(request, 200, "application/json", json(answer), file == null ? null
                : () -> pushEvent(FILE_HASH, map("msg_id", file.msgId(), "hash", file.hash(), "localPath",
                        file.localPath())));
    }

    private void respond(HttpServerRequest request, int status, String type, String body) {
        respond(request, status, type, body, null);
    }

    /** Answers, then runs {@code afterward} (the push a request causes goes out after its reply). */
    private void respond(HttpServerRequest request, int status, String type, String body, Runnable afterward) {
        long ms = faults.delay().toMillis();
        Runnable send = () -> {
            if (request.response().closed() || request.response().ended()) {
                log("-> (connection gone, not sent) " + forLog(body));
                return;
            }
            request.response().setStatusCode(status).putHeader("content-type", type + "; charset=utf-8").end(body);
            log("-> " + status + " " + forLog(body));
            if (afterward != null) {
                afterward.run();
            }
        };
        if (ms <= 0) {
            send.run();
        } else {
            vertx.setTimer(ms, id -> send.run());
        }
    }

    private ObjectNode answer(JsonNode body, String module, String method) {
        if (body == null || !body.isObject()) {
            return result(BAD_PARAMETERS, "接口参数错误: the body is not a JSON object", Map.of());
        }
        if (module == null || method == null) {
            return result(BAD_PARAMETERS, "接口参数错误: __SERVER_ROUTE_MODULE and __SERVER_ROUTE_METHOD are required",
                    Map.of());
        }
        JsonNode seed = METHODS.get(module + "." + method);
        if (seed == null) {
            return result(NOT_IMPLEMENTED, "接口方法未实现: " + module + "." + method, Map.of());
        }
        for (JsonNode field : seed.get("required")) {
            JsonNode got = body.get(field.asText());
            if (got == null || got.isNull()) {
                return result(PARAMETER_NULL, "参数不能为null: " + field.asText(), Map.of());
            }
        }
        if (NEED_LOGIN.contains(module) && !loggedIn) {
            return result(NOT_LOGGED_IN, "未登录", Map.of());
        }
        ObjectNode sample = (ObjectNode) seed.get("response").deepCopy();
        switch (module + "." + method) {
            case "login.exportLogin" -> {
                if (!password.equals(body.path("password").asText(""))) {
                    return result(WRONG_PASSWORD, "密码错误", Map.of());
                }
                loggedIn = true;
            }
            case "login.exportLogout" -> {
                boolean was = loggedIn;
                loggedIn(false);
                sample.set("data", JSON.createObjectNode().put("status", was));
            }
            case "user.getUserSingleInfo" -> ((ObjectNode) sample.get("data")).put("u_id", uId).put("u_nick", uNick)
                    .put("u_nd_add", nodeAddress);
            case "user.connectionState" -> sample.set("data", JSON.createObjectNode().put("value", nodeState));
            case "chat.sendTextMessage", "chat.sendImageMessage", "chat.sendVideoMessage", "chat.sendAudioMessage",
                 "chat.sendFileMessage", "chat.sendCardMessage" -> {
                return send(module + "." + method, body, sample);
            }
            default -> {
                if (module.equals("socketEvent")) {
                    listeners.add(method);
                }
            }
        }
        return sample;
    }

    /**
     * A send: {@code cnd}/{@code cid} name the friend or group, {@code conversationType} 0 (single) or 1 (group),
     * {@code pub} the friend's {@code c_pub_curve} (empty for a group). Answers the seed's sample record made to
     * agree with the send (a fresh msg_id, rs_id = cid, the type's msg_type and msg_cry); text answers a list as
     * the seed's sample does. Image and video wait for their second step; the others are sent now.
     */
    private ObjectNode send(String command, JsonNode body, ObjectNode sample) {
        int conversation = body.path("conversationType").asInt(-1);
        if (conversation != 0 && conversation != 1) {
            return result(BAD_PARAMETERS, "接口参数错误: conversationType must be 0 (single chat) or 1 (group chat)",
                    Map.of());
        }
        String cid = body.path("cid").asText("");
        if (cid.isBlank() || body.path("cnd").asText("").isBlank()) {
            return result(BAD_PARAMETERS, "接口参数错误: cnd and cid must name the friend or group", Map.of());
        }
        if (conversation == 0 && body.path("pub").asText("").isBlank()) {
            return result(BAD_PARAMETERS, "接口参数错误: pub (the friend's public key) is required for a single chat",
                    Map.of());
        }
        String type = SEND_METHODS.get(command);
        String content = switch (type) {
            case "text" -> body.path("text").asText("");
            case "contact" -> body.path("contactId").asText("");
            default -> body.path("filePath").asText("");
        };
        if (content.isBlank()) {
            return result(BAD_PARAMETERS, "接口参数错误: the " + (type.equals("text") ? "text" : type.equals("contact")
                    ? "contactId" : "filePath") + " is empty", Map.of());
        }
        boolean twoStep = type.equals("image") || type.equals("video");
        ObjectNode record = messageRecord(newMessageId(), cid, body.path("cnd").asText(), conversation == 1, type,
                cry(type, content, null));
        record.remove("cid"); // the send's answer has the seed's fields only (a receive push also names cid)
        record.put("msg_source", 0);
        record.put("msg_is_send", twoStep ? 0 : 1);
        if (!twoStep) {
            sent(command, cid, conversation == 1, type, content, record.get("msg_id").asText());
        }
        sample.set("data", type.equals("text") ? JSON.createArrayNode().add(record) : record);
        return sample;
    }

    /** An image or video send that was answered: it now waits for its second step over the push socket. */
    private PendingFile twoStep(String command, JsonNode body, ObjectNode answer) {
        String type = SEND_METHODS.get(command);
        if (!"image".equals(type) && !"video".equals(type)) {
            return null;
        }
        byte[] h = new byte[16];
        RANDOM.nextBytes(h);
        String hash = java.util.UUID.nameUUIDFromBytes(h).toString();
        PendingFile f = new PendingFile(hash, answer.path("data").path("msg_id").asText(),
                "C:\\Users\\sim\\AppData\\Roaming\\com.example\\icom_data\\Icom\\temp\\" + hash + "."
                        + (type.equals("image") ? "jpeg" : "mp4"),
                command, body.path("cid").asText(), body.path("conversationType").asInt() == 1, type,
                body.path("filePath").asText());
        pendingFiles.put(hash, f);
        return f;
    }

    /** The second step (seed: {@code {"hash","data":<localPath>,"type":0}}): the file goes, the send is done. */
    private void secondStep(Conn conn, Received r, JsonNode frame) {
        String hash = frame.path("hash").asText("");
        Faults.Rule rule = faultFor(r);
        if (rule != null && swallowedOrGarbled(conn, rule)) {
            return;
        }
        if (rule != null) {
            switch (rule.kind()) {
                case ERROR -> {
                    pendingFiles.remove(hash);
                    reply(conn, List.of(fileHashResult(hash, rule.code(), rule.message())));
                    return;
                }
                default -> throw new IllegalStateException(rule.kind() + " does not apply to the push socket");
            }
        }
        PendingFile f = pendingFiles.get(hash);
        if (f == null || frame.path("type").asInt(-1) != 0 || !f.localPath().equals(frame.path("data").asText())) {
            reply(conn, List.of(fileHashResult(hash, FILE_INFO_FAILED, "获取文件信息失败")));
            return;
        }
        pendingFiles.remove(hash);
        sent(f.command(), f.cid(), f.group(), f.type(), f.filePath(), f.msgId());
        reply(conn, List.of(fileHashResult(hash, OK, "")));
    }

    private static String fileHashResult(String hash, int code, String message) {
        ObjectNode frame = JSON.createObjectNode();
        frame.put("type", FILE_HASH_RESULT);
        frame.putObject("data").put("hash", hash).put("code", code).put("message", message == null ? "" : message);
        return json(frame);
    }

    @Override
    protected boolean isMessageSend(Received request) {
        return request.command() != null && SEND_METHODS.containsKey(request.command());
    }

    private static String newMessageId() {
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** {@code msg_cry}: {@code {"text"}} for text, {@code {"url","name"}} for media, {@code {"contactId"}} for a card. */
    private static String cry(String type, String content, String name) {
        return switch (type) {
            case "text" -> json(Map.of("text", content));
            case "contact" -> json(Map.of("contactId", content));
            default -> json(map("url", content, "name", name != null ? name
                    : content.substring(content.replace('\\', '/').lastIndexOf('/') + 1)));
        };
    }

    /** The seed's first text record of chat.getMessagesByConversationId, made into this message. */
    private static ObjectNode messageRecord(String msgId, String conversation, String sender, boolean group,
                                            String type, String cry) {
        long now = System.currentTimeMillis();
        ObjectNode record = (ObjectNode) METHODS.get("chat.getMessagesByConversationId").get("response").get("data")
                .get(0).deepCopy();
        record.put("msg_id", msgId);
        record.put("rs_id", conversation);
        record.put("cid", conversation);
        record.put("c_nd_add", sender);
        record.put("msg_type", IM_TYPES.get(type));
        record.put("msg_cry", cry);
        record.put("msg_state", 1);
        record.put("msg_is_send", 0);
        record.put("created_time", now);
        record.put("updated_time", now);
        record.put("rs_type", group ? RS_TYPE_GROUP : RS_TYPE_PERSON);
        return record;
    }

    private static ObjectNode result(int code, String message, Object data) {
        ObjectNode r = JSON.createObjectNode();
        r.put("code", code);
        r.put("message", message == null ? "" : message);
        r.set("data", JSON.valueToTree(data));
        return r;
    }

    /** What the second step of an image or video send is recorded as ({@link Received#command()}). */
    public static final String SECOND_STEP = "ws.filePath";

    @Override
    protected void onText(Conn conn, String text) {
        // The push socket carries pushes; from the client it takes only the second step of an image or video send
        // ({"hash","data","type":0}). Anything else is recorded and otherwise ignored.
        JsonNode frame = parse(text);
        boolean step = frame != null && frame.isObject() && frame.hasNonNull("hash");
        Received r = record(conn.id(), frame == null ? null : step ? SECOND_STEP : "ws." + frame.path("type").asText(""),
                "ws", null, frame, text);
        if (step) {
            secondStep(conn, r, frame);
        }
    }

    // ------------------------------------------------------------ pushes

    @Override
    public Pushed pushIncomingText(IncomingText message) {
        return pushReceive(message.from(), message.group(), "text", json(Map.of("text", message.text())));
    }

    /**
     * Pushes {@code receive} with the media type's {@code msg_type} (6 image, 4 video, 3 audio, 5 file) and
     * {@code msg_cry} {@code {"url","name"}} (docs/ENGINES.md: the seed shows text records only).
     */
    @Override
    public Pushed pushIncomingMedia(IncomingMedia message) {
        if (message.url() == null) {
            throw new IllegalArgumentException("an IM media push carries the file's url");
        }
        return pushReceive(message.from(), message.group(), message.type(),
                cry(message.type(), message.url(), message.name()));
    }

    /** A {@code receive} push: rs_id = cid the group, or for a direct message the sender. */
    private Pushed pushReceive(String from, String group, String type, String cry) {
        String sender = from == null ? "DgjumZZLvGymHGbGTbwoxF2FMr9HCZ6kUC1bj96CkoUs" : from;
        String msgId = newMessageId();
        ObjectNode record = messageRecord(msgId, group != null ? group : sender, sender, group != null, type, cry);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = JSON.convertValue(record, Map.class);
        return pushMessage(msgId, () -> pushEvent("receive", data));
    }

    @Override
    public int pushLogout(String reason) {
        int n = pushEvent("loginState", map("state", "logout", "reason", reason == null ? "" : reason));
        loggedIn(false);
        return n;
    }

    /**
     * {@code {"type":name,"data":data}} to every push socket. {@code receive}, {@code contact} and {@code group}
     * reach nobody (0) until the matching socketEvent listener was registered, as in the real app.
     */
    @Override
    public int pushEvent(String name, Map<String, ?> data) {
        String needs = PUSH_NEEDS.get(name);
        if (needs != null && !listeners.contains(needs)) {
            log("-> (not sent: no socketEvent." + needs + " registered) " + name);
            return 0;
        }
        ObjectNode frame = JSON.createObjectNode();
        frame.put("type", name);
        frame.set("data", JSON.valueToTree(data));
        return broadcast(json(frame));
    }

    private static Map<String, JsonNode> methods() {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (JsonNode e : EngineFixtures.load(EngineFixtures.IM_HTTP_METHODS).get("methods")) {
            m.put(e.get("module").asText() + "." + e.get("method").asText(), e);
        }
        return Map.copyOf(m);
    }

    /** Every {@code module.method} of seed 003. */
    public static List<String> methodNames() {
        return List.copyOf(METHODS.keySet());
    }

    /** The seed's entry for a method ({@code module, method, required, request, response}), a copy; null if none. */
    public static JsonNode seedMethod(String moduleDotMethod) {
        JsonNode e = METHODS.get(moduleDotMethod);
        return e == null ? null : e.deepCopy();
    }
}
