package io.switchboard.sim.engine.chat68;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.sim.engine.EngineFixtures;
import io.switchboard.sim.engine.EngineServer;
import io.switchboard.sim.engine.Faults;
import io.switchboard.sim.engine.IncomingMedia;
import io.switchboard.sim.engine.IncomingText;
import io.switchboard.sim.engine.Pushed;
import io.switchboard.sim.engine.Received;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A 68chat WebSocket engine (seed 004) as docs/ENGINES.md "CHAT68_WS" fixes its wire: frames {@code {id, type,
 * data}}, replies echo {@code id} and {@code type} with {@code data} or {@code error {errorCode, errorDesc}}, pushes
 * {@code {"type":"event","data":{"event",…}}}.
 *
 * <p>{@code request} frames are answered with the seed's sample response for their {@code data.type} (the id
 * echoed); their {@code data.url} must end with the seed's path for that type, and the fields of the seed's example
 * must be there. {@code GroupReqList} answers the seed's error sample. The 68chat app behind the engine is logged
 * in from the start (its operator logged it in); {@link #pushLogout} logs it out until {@link #appLoggedIn(boolean)}.
 */
public final class Chat68Engine extends EngineServer {

    public static final String PROTOCOL = "CHAT68_WS";

    /** Error codes the simulator uses besides the seed's 300 (documented in docs/ENGINES.md). */
    public static final int BAD_REQUEST = 400;
    public static final int NOT_LOGGED_IN = 401;
    public static final int UNKNOWN_TYPE = 404;

    /** {@code request} types the seed shows, with the webbiz path each one's URL must end with. */
    public static final Map<String, String> REQUEST_PATHS = Map.ofEntries(
            Map.entry("UserInfo", "/user/userInfo"),
            Map.entry("ContactsList", "/contacts/contactsList"),
            Map.entry("ContactsDetail", "/contacts/contactsDetail"),
            Map.entry("ContactsApplyList", "/contacts/contactsApplyList"),
            Map.entry("GroupDetail", "/group/groupDetail"),
            Map.entry("GroupMemberList", "/group/groupMemberListV2"),
            Map.entry("GroupMemberOnLineStatusList", "/group/groupMemberOnLineStatusList"),
            Map.entry("GroupUpdate", "/group/groupUpdate"),
            Map.entry("GroupMemberShutup", "/group/groupMemberShutup"),
            Map.entry("GroupReqList", "/group/groupReqList"));
    private static final Set<String> TARGET_TYPES = Set.of("friend", "group");

    private final Map<String, JsonNode> requestSamples = new LinkedHashMap<>();
    private final Map<String, JsonNode> responseSamples = new LinkedHashMap<>();
    private final JsonNode groupsSample;
    private final String seedApiUrl;
    private final AtomicLong messageIds = new AtomicLong(50_000);
    private volatile String apiUrl;
    private volatile boolean appLoggedIn = true;
    private volatile String uid;
    private volatile String nickName;

    private Chat68Engine(String host) {
        super(PROTOCOL, host);
        JsonNode groups = null;
        String api = null;
        for (JsonNode ex : EngineFixtures.load(EngineFixtures.CHAT68_SAMPLES).get("exchanges")) {
            JsonNode req = ex.get("request");
            JsonNode resp = ex.get("response");
            String type = req.path("type").asText();
            if (type.equals("request")) {
                String requestType = req.path("data").path("type").asText();
                requestSamples.putIfAbsent(requestType, req);
                if (resp != null) {
                    responseSamples.putIfAbsent(requestType, resp);
                }
            } else if (type.equals("getGroups") && resp != null) {
                groups = resp.get("data");
            } else if (type.equals("getApiUrl") && resp != null) {
                api = resp.get("data").asText();
            }
        }
        this.groupsSample = groups;
        this.seedApiUrl = api;
        this.apiUrl = api;
        JsonNode userInfo = responseSamples.get("UserInfo").path("data").path("userInfo");
        this.uid = userInfo.path("uid").asText();
        this.nickName = userInfo.path("nickName").asText();
    }

    /** Starts an engine on 127.0.0.1; {@code port} 0 takes any free port. */
    public static Chat68Engine start(int port) {
        return start("127.0.0.1", port);
    }

    public static Chat68Engine start(String host, int port) {
        Chat68Engine e = new Chat68Engine(host);
        e.listen(port);
        return e;
    }

    @Override
    public String url() {
        return "ws://" + host() + ":" + port();
    }

    // ------------------------------------------------------------ configuration

    /** What {@code getApiUrl} answers (default the seed's {@code https://webbiz.qika.xyz}). */
    public Chat68Engine apiUrl(String apiUrl) {
        this.apiUrl = apiUrl;
        return this;
    }

    public String apiUrl() {
        return apiUrl;
    }

    /** The 68chat account as {@code UserInfo} reports it (default the seed's 4008697 "ID采集机器人🤖"). */
    public Chat68Engine profile(String uid, String nickName) {
        this.uid = uid;
        this.nickName = nickName;
        return this;
    }

    public String uid() {
        return uid;
    }

    @Override
    public boolean loggedIn() {
        return appLoggedIn;
    }

    /** Logs the 68chat app in or out (its operator did); while out, every request but getApiUrl errs 401. */
    public Chat68Engine appLoggedIn(boolean in) {
        this.appLoggedIn = in;
        return this;
    }

    @Override
    public Chat68Engine loggedIn(boolean in) {
        return appLoggedIn(in);
    }

    @Override
    public String probeCommand() {
        return "UserInfo";
    }

    /** Answers the next {@code times} frames of {@code command} with {@code data.commonResult.errCode} = code. */
    public void failNextInResult(String command, int times, int errCode) {
        faults.add(new Faults.Rule(command, Faults.Kind.RESULT_CODE, errCode, null, times));
    }

    // ------------------------------------------------------------ requests

    @Override
    protected void onText(Conn conn, String text) {
        JsonNode frame = parse(text);
        if (frame == null || !frame.isObject()) {
            record(conn.id(), null, null, null, frame, text);
            log("   not a JSON object: no reply");
            return;
        }
        String type = frame.path("type").isTextual() ? frame.get("type").asText() : null;
        String command = "request".equals(type) ? frame.path("data").path("type").asText(null) : type;
        JsonNode id = frame.get("id");
        Received r = record(conn.id(), command, type, id == null ? null : id.asText(), frame, text);
        Faults.Rule rule = faultFor(r);
        if (rule != null && swallowedOrGarbled(conn, rule)) {
            return;
        }
        ObjectNode reply;
        if (rule == null) {
            reply = answer(frame, type);
        } else {
            switch (rule.kind()) {
                case ERROR -> reply = error(frame, rule.code(), rule.message());
                case UNKNOWN_ID -> {
                    reply = answer(frame, type);
                    reply.put("id", "sim-unknown-" + unknownId());
                }
                case RESULT_CODE -> {
                    reply = answer(frame, type);
                    if (reply.path("data").isObject()) {
                        ((ObjectNode) reply.get("data")).set("commonResult",
                                JSON.createObjectNode().put("errCode", rule.code()));
                    } else {
                        reply.set("data", JSON.createObjectNode().set("commonResult",
                                JSON.createObjectNode().put("errCode", rule.code())));
                    }
                }
                default -> throw new IllegalStateException(rule.kind() + " does not apply to " + PROTOCOL);
            }
        }
        reply(conn, List.of(json(reply)));
    }

    private ObjectNode answer(JsonNode frame, String type) {
        if (type == null) {
            return error(frame, BAD_REQUEST, "type is required");
        }
        if (!frame.path("id").isTextual() || frame.get("id").asText().isEmpty()) {
            return error(frame, BAD_REQUEST, "id must be a non-empty string");
        }
        if (!type.equals("getApiUrl") && !appLoggedIn) {
            return error(frame, NOT_LOGGED_IN, "68chat app is not logged in");
        }
        return switch (type) {
            case "getApiUrl" -> data(frame, JSON.getNodeFactory().textNode(apiUrl));
            case "request" -> request(frame);
            case "getGroups" -> data(frame, groupsSample.deepCopy());
            case "sendMsg" -> sendMsg(frame);
            case "sendFile" -> sendFile(frame);
            case "restart68" -> data(frame, ok());
            default -> error(frame, UNKNOWN_TYPE, "unknown type " + type);
        };
    }

    private ObjectNode request(JsonNode frame) {
        JsonNode data = frame.get("data");
        if (data == null || !data.isObject()) {
            return error(frame, BAD_REQUEST, "data is required");
        }
        String requestType = data.path("type").asText("");
        String path = REQUEST_PATHS.get(requestType);
        if (path == null) {
            return error(frame, UNKNOWN_TYPE, "unknown request type " + requestType);
        }
        String url = data.path("url").asText("");
        String actualPath;
        try {
            actualPath = URI.create(url).getPath();
        } catch (IllegalArgumentException e) {
            actualPath = null;
        }
        if (actualPath == null || !actualPath.endsWith(path)) {
            return error(frame, UNKNOWN_TYPE, "url of " + requestType + " must end with " + path + ", was " + url);
        }
        String bad = checkShape(data, requestSamples.get(requestType).get("data"));
        if (bad != null) {
            return error(frame, BAD_REQUEST, bad);
        }
        JsonNode sample = responseSamples.get(requestType);
        if (sample == null) {
            // GroupUpdate other than op 12 and GroupMemberShutup: the seed shows no response.
            return data(frame, ok());
        }
        ObjectNode reply = (ObjectNode) sample.deepCopy();
        reply.set("id", frame.get("id"));
        reply.put("type", "request");
        if (requestType.equals("UserInfo")) {
            ObjectNode userInfo = (ObjectNode) reply.path("data").path("userInfo");
            userInfo.put("uid", uid);
            userInfo.put("nickName", nickName);
        }
        if (requestType.equals("GroupUpdate") && data.path("data").path("op").asInt() != 12) {
            return data(frame, ok());
        }
        return reply;
    }

    /**
     * Null when {@code data} has the keys of the seed example's {@code data} (and of its inner {@code data}
     * object, when the example's is not empty) with the same JSON types; else why not.
     */
    private static String checkShape(JsonNode data, JsonNode sample) {
        for (Map.Entry<String, JsonNode> f : sample.properties()) {
            JsonNode got = data.get(f.getKey());
            JsonNode want = f.getValue();
            if (f.getKey().equals("url") || f.getKey().equals("type")) {
                continue;
            }
            if (f.getKey().equals("data")) {
                if (want.isEmpty()) {
                    continue;
                }
                if (got == null || !got.isObject()) {
                    return "data.data is required";
                }
                for (Map.Entry<String, JsonNode> inner : want.properties()) {
                    JsonNode g = got.get(inner.getKey());
                    if (g == null || g.isNull()) {
                        return "missing data.data." + inner.getKey();
                    }
                    boolean same = inner.getValue().isNumber() ? g.isNumber()
                            : g.getNodeType() == inner.getValue().getNodeType();
                    if (!same) {
                        return "data.data." + inner.getKey() + " must be "
                                + inner.getValue().getNodeType().name().toLowerCase();
                    }
                }
                continue;
            }
            if (got == null || !got.asText().equals(want.asText())) {
                return "data." + f.getKey() + " must be " + want.asText();
            }
        }
        return null;
    }

    private ObjectNode sendMsg(JsonNode frame) {
        JsonNode d = frame.get("data");
        String bad = checkTarget(d);
        if (bad == null) {
            JsonNode list = d.get("list");
            if (list == null || !list.isArray() || list.isEmpty()) {
                bad = "data.list must be a non-empty array";
            } else {
                for (JsonNode item : list) {
                    if (!item.path("type").isTextual() || !item.path("values").isObject()) {
                        bad = "each data.list item needs type and values";
                    }
                }
            }
        }
        if (bad != null) {
            return error(frame, BAD_REQUEST, bad);
        }
        ObjectNode result = ok();
        String msgId = String.valueOf(messageIds.incrementAndGet());
        result.put("msgId", msgId);
        JsonNode first = d.get("list").get(0);
        if (first.path("values").path("chatType").asInt(0) == 0) { // chatType 8/50 items are notices, not messages
            sent("sendMsg", d.get("id").asText(), "group".equals(d.get("type").asText()), first.get("type").asText(),
                    content(d.get("list")), msgId);
        }
        return data(frame, result);
    }

    /** The text items' contents, one per line (what a multi-line text shows). */
    private static String content(JsonNode list) {
        StringBuilder s = new StringBuilder();
        for (JsonNode item : list) {
            JsonNode c = item.path("values").path("content");
            if (c.isTextual()) {
                s.append(s.isEmpty() ? "" : "\n").append(c.asText());
            }
        }
        return s.toString();
    }

    @Override
    protected boolean isMessageSend(Received request) {
        if ("sendFile".equals(request.command())) {
            return true;
        }
        return "sendMsg".equals(request.command()) && request.body() != null
                && request.body().path("data").path("list").path(0).path("values").path("chatType").asInt(0) == 0;
    }

    private ObjectNode sendFile(JsonNode frame) {
        JsonNode d = frame.get("data");
        String bad = checkTarget(d);
        if (bad == null && (!d.path("file").isTextual() || d.get("file").asText().isBlank())) {
            bad = "data.file is required";
        }
        if (bad != null) {
            return error(frame, BAD_REQUEST, bad);
        }
        ObjectNode result = ok();
        String msgId = String.valueOf(messageIds.incrementAndGet());
        result.put("msgId", msgId);
        // 68chat shows a file by its type; the frame says only "file".
        sent("sendFile", d.get("id").asText(), "group".equals(d.get("type").asText()), "file", d.get("file").asText(),
                msgId);
        return data(frame, result);
    }

    private static String checkTarget(JsonNode d) {
        if (d == null || !d.isObject()) {
            return "data is required";
        }
        if (!d.path("id").isNumber()) {
            return "data.id must be a number";
        }
        if (!TARGET_TYPES.contains(d.path("type").asText())) {
            return "data.type must be friend or group";
        }
        return null;
    }

    private static ObjectNode ok() {
        ObjectNode o = JSON.createObjectNode();
        o.set("commonResult", JSON.createObjectNode().put("errCode", 200));
        return o;
    }

    private static ObjectNode data(JsonNode request, JsonNode data) {
        ObjectNode r = head(request);
        r.set("data", data);
        return r;
    }

    private static ObjectNode error(JsonNode request, int code, String desc) {
        ObjectNode r = head(request);
        r.set("error", JSON.createObjectNode().put("errorCode", code).put("errorDesc", desc == null ? "" : desc));
        return r;
    }

    private static ObjectNode head(JsonNode request) {
        ObjectNode r = JSON.createObjectNode();
        r.set("id", request.has("id") ? request.get("id") : JSON.getNodeFactory().nullNode());
        r.set("type", request.has("type") ? request.get("type") : JSON.getNodeFactory().nullNode());
        return r;
    }

    // ------------------------------------------------------------ pushes

    @Override
    public Pushed pushIncomingText(IncomingText message) {
        return pushIncoming(message.from(), message.group(), "text", map("chatType", 0, "content", message.text()));
    }

    /**
     * Pushes event {@code message} with one item {@code {"type":"image"|"video"|"audio"|"file","values":{"url",
     * "name"}}} (docs/ENGINES.md: the seed shows text items only; a media item carries the file's URL).
     */
    @Override
    public Pushed pushIncomingMedia(IncomingMedia message) {
        if (message.url() == null) {
            throw new IllegalArgumentException("a 68chat media push carries the file's url");
        }
        Map<String, Object> values = map("url", message.url());
        if (message.name() != null) {
            values.put("name", message.name());
        }
        return pushIncoming(message.from(), message.group(), message.type(), values);
    }

    /** Event {@code message {msgId, fromUid, targetType, targetId, list:[{type, values}], createTime}}. */
    private Pushed pushIncoming(String fromUid, String group, String itemType, Map<String, Object> values) {
        String msgId = String.valueOf(messageIds.incrementAndGet());
        String from = fromUid == null ? "7237423" : fromUid;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("msgId", msgId);
        fields.put("fromUid", from);
        fields.put("targetType", group != null ? "group" : "friend");
        // The conversation, as sendMsg's data.id names it: the group, or for a direct message the friend.
        fields.put("targetId", group != null ? group : from);
        fields.put("list", List.of(map("type", itemType, "values", values)));
        fields.put("createTime", String.valueOf(System.currentTimeMillis()));
        return pushMessage(msgId, () -> pushEvent("message", fields));
    }

    @Override
    public int pushLogout(String reason) {
        appLoggedIn = false;
        return pushEvent("logout", Map.of("reason", reason == null ? "" : reason));
    }

    /** {@code {"type":"event","data":{"event":name, …fields}}}. */
    @Override
    public int pushEvent(String name, Map<String, ?> fields) {
        ObjectNode data = JSON.createObjectNode();
        data.put("event", name);
        data.setAll((ObjectNode) JSON.valueToTree(fields));
        ObjectNode frame = JSON.createObjectNode();
        frame.put("type", "event");
        frame.set("data", data);
        return broadcast(json(frame));
    }

    /** The getApiUrl the seed shows, for tests that check the default. */
    public String seedApiUrl() {
        return seedApiUrl;
    }
}
