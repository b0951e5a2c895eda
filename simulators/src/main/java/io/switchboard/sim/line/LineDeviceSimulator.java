package io.switchboard.sim.line;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.sim.MessageLog;
import io.switchboard.sim.SentMessage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A LINE device as seed 000 describes it: it holds the push WebSocket to callback-service, receives commands
 * (fetching large content with GetPushContent), and posts signed results to {@code LineProtocol/*}.
 *
 * <p>Tests read pushed commands with {@link #awaitCommand(int, Duration)}; programs can also register
 * {@link #onCommand(Consumer)} listeners. HTTP failures surface as {@link UncheckedIOException}.
 */
public final class LineDeviceSimulator implements AutoCloseable {

    public static final String DEFAULT_APP_VERSION = "Line2301160900";
    public static final String DEFAULT_PROTOCOL = "ios";
    public static final String PUSH_PATH = "/LineProtocol/push";

    /** Keeps a long-running simulator whose commands nobody reads from growing without bound. */
    private static final int INBOX_LIMIT = 10_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = LineFixtures.JSON;

    private final String baseUrl;
    private final String deviceNo;
    private final String appVersion;
    private final String protocol;
    private final String key;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    /** One thread, so commands are handled (and content fetched) in the order they were pushed. */
    private final ExecutorService frames;
    private final Deque<PushCommand> inbox = new ArrayDeque<>();
    private final List<Consumer<PushCommand>> listeners = new CopyOnWriteArrayList<>();
    private final MessageLog messages = new MessageLog();
    private volatile Connection connection;
    private volatile Consumer<String> log = line -> { };

    public LineDeviceSimulator(String baseUrl, String deviceNo, String key) {
        this(baseUrl, deviceNo, DEFAULT_APP_VERSION, DEFAULT_PROTOCOL, key);
    }

    /**
     * @param baseUrl    callback-service, e.g. {@code http://127.0.0.1:8084}
     * @param appVersion the {@code app-version} header, e.g. {@code Line2301160900}
     * @param protocol   the {@code protocol} header, e.g. {@code ios}
     * @param key        the merchant's device key (the seed's {@code apiKey})
     */
    public LineDeviceSimulator(String baseUrl, String deviceNo, String appVersion, String protocol, String key) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.deviceNo = deviceNo;
        this.appVersion = appVersion;
        this.protocol = protocol;
        this.key = key;
        this.frames = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "line-device-" + deviceNo);
            t.setDaemon(true);
            return t;
        });
    }

    /** Where one line per command and per reply goes (default: nowhere). */
    public LineDeviceSimulator logTo(Consumer<String> log) {
        this.log = log;
        return this;
    }

    public String deviceNo() {
        return deviceNo;
    }

    public String appVersion() {
        return appVersion;
    }

    // ---------------------------------------------------------------- push WebSocket

    /**
     * Opens {@code ws://…/LineProtocol/push} with the signed device headers and waits until it is open.
     *
     * @throws IOException when the server refuses the handshake (the message carries the HTTP status) or cannot
     *                     be reached
     */
    public void connect() throws IOException {
        if (isConnected()) {
            return;
        }
        URI uri = URI.create(baseUrl.replaceFirst("^http", "ws") + PUSH_PATH);
        Connection c = new Connection();
        try {
            c.socket = http.newWebSocketBuilder()
                    .connectTimeout(TIMEOUT)
                    .header("device-no", deviceNo)
                    .header("app-version", appVersion)
                    .header("protocol", protocol)
                    .header("sign", LineSigner.pushSign(deviceNo, appVersion, protocol, key))
                    .buildAsync(uri, c)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                HttpResponse<?> r = h.getResponse();
                throw new IOException("push handshake refused: HTTP " + r.statusCode() + " " + r.body(), h);
            }
            throw new IOException("push connect to " + uri + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("push connect to " + uri + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting");
        }
        connection = c;
        log.accept("push connected " + uri);
    }

    /** True while the push socket is open in both directions. */
    public boolean isConnected() {
        Connection c = connection;
        return c != null && !c.closed.isDone();
    }

    /** Closes the push socket politely (close frame, wait briefly for the server's), then drops it. */
    public void disconnect() {
        Connection c = connection;
        connection = null;
        if (c == null || c.closed.isDone()) {
            return;
        }
        try {
            c.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
            c.closed.get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the server did not answer the close: drop the connection anyway
        } finally {
            c.socket.abort();
        }
    }

    /** Drops the TCP connection without a close frame, as a crashed device or a cut network would. */
    public void abortConnection() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            c.socket.abort();
            c.closed.complete(null);
        }
    }

    /** Called, on the frame thread and in push order, for every completed command. */
    public void onCommand(Consumer<PushCommand> listener) {
        listeners.add(listener);
    }

    /** The next pushed command, or null when none arrives in time. */
    public PushCommand awaitCommand(Duration timeout) throws InterruptedException {
        return awaitCommand(c -> true, timeout);
    }

    /** The next pushed command with this {@code cmd}; others stay queued. Null when none arrives in time. */
    public PushCommand awaitCommand(int cmd, Duration timeout) throws InterruptedException {
        return awaitCommand(c -> c.cmd() == cmd, timeout);
    }

    /** The oldest queued command that matches; others stay queued. Null when none arrives in time. */
    public PushCommand awaitCommand(Predicate<PushCommand> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (inbox) {
            while (true) {
                for (Iterator<PushCommand> it = inbox.iterator(); it.hasNext(); ) {
                    PushCommand c = it.next();
                    if (match.test(c)) {
                        it.remove();
                        return c;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(inbox, left);
            }
        }
    }

    // ---------------------------------------------------------------- messages sent (cmd 10007)

    /**
     * The cmd 10007 messages this device sent, in order, with the time each went out (after its
     * {@code before_sleep_time}): the autopilot records them (docs/LINE_DEVICE.md "Simulator"). Not consumed by
     * {@link #awaitCommand}.
     */
    public List<SentMessage> messages() {
        return messages.all();
    }

    /** Waits until at least {@code count} messages were sent and returns the first {@code count}. */
    public List<SentMessage> awaitMessages(int count, Duration timeout) {
        return messages.await(count, timeout);
    }

    SentMessage sent(String serialNo, String targetId, boolean group, String type,
                                        String content) {
        SentMessage m = messages.add("10007", targetId, group, type, content, null, serialNo);
        log.accept("sent message #" + m.seq() + " " + type + " to " + (group ? "group " : "") + targetId);
        return m;
    }

    /** Removes and returns every queued command. */
    public List<PushCommand> drainCommands() {
        synchronized (inbox) {
            List<PushCommand> all = new ArrayList<>(inbox);
            inbox.clear();
            return all;
        }
    }

    private void handleFrame(String frame, Instant at) {
        JsonNode node;
        try {
            node = JSON.readTree(frame);
        } catch (JsonProcessingException e) {
            log.accept("push frame is not JSON, ignored: " + abbreviate(frame));
            return;
        }
        String serialNo = node.path("serial_no").asText("");
        int cmdType = node.path("cmd_type").asInt(0);
        JsonNode content = cmdType == 2 ? null : node.get("content");
        Reply contentReply = null;
        if (cmdType == 1) {
            // Big content is not pushed (seed: it blew up Redis); the device fetches it by serial.
            try {
                contentReply = getPushContent(serialNo);
            } catch (UncheckedIOException e) {
                contentReply = new Reply(0, TextNode.valueOf(String.valueOf(e.getCause())));
            }
            content = contentReply.success() ? contentReply.body().get("data") : null;
        }
        PushCommand command = new PushCommand(serialNo, node.path("phone").asText(""), node.path("cmd").asInt(),
                cmdType, content, node, contentReply, at);
        log.accept("push " + command);
        synchronized (inbox) {
            inbox.addLast(command);
            if (inbox.size() > INBOX_LIMIT) {
                inbox.removeFirst();
            }
            inbox.notifyAll();
        }
        for (Consumer<PushCommand> listener : listeners) {
            try {
                listener.accept(command);
            } catch (RuntimeException e) {
                log.accept("command listener failed on " + command + ": " + e);
            }
        }
    }

    /** One push socket; a reconnect gets a fresh one so a late close of the old socket changes nothing. */
    private final class Connection implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final CompletableFuture<Void> closed = new CompletableFuture<>();
        private volatile WebSocket socket;

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String frame = text.toString();
                text.setLength(0);
                Instant at = Instant.now();
                frames.execute(() -> handleFrame(frame, at));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (closed.complete(null)) {
                log.accept("push closed: " + statusCode + " " + reason);
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (closed.complete(null)) {
                log.accept("push failed: " + error);
            }
        }
    }

    // ---------------------------------------------------------------- callbacks (device → platform)

    /** {@code POST /LineProtocol/DeviceHeart}; the seed shows no body, so it sends {@code {}}. */
    public Reply deviceHeart() {
        return post("/LineProtocol/DeviceHeart", Map.of(), "{}");
    }

    /** {@code POST /LineProtocol/RobotHeart} with the seed's version body (app_version set to this device's). */
    public Reply robotHeart(String robotSerialNo, String phone) {
        ObjectNode body = LineFixtures.object("robot-heart.json").put("app_version", appVersion);
        return callback("/LineProtocol/RobotHeart", robotSerialNo, phone, body);
    }

    /** {@code POST /robot/get-phone-code} step {@code send}: the robot is about to receive an SMS code. */
    public Reply requestPhoneCode(String serialNo, String phone) {
        return phoneCode(serialNo, phone, "send");
    }

    /** {@code POST /robot/get-phone-code} step {@code get}: the code, once the merchant has supplied it. */
    public Reply pollPhoneCode(String serialNo, String phone) {
        return phoneCode(serialNo, phone, "get");
    }

    private Reply phoneCode(String serialNo, String phone, String step) {
        ObjectNode body = JSON.createObjectNode().put("serial_no", serialNo).put("phone", phone).put("step", step);
        // No robot-serial_no: during login the device only knows the login serial, which is in the body.
        return callback("/robot/get-phone-code", null, phone, body);
    }

    /** The seed's 登录成功 payload with serial_no (both places) and data.phone replaced. */
    public Reply loginSuccess(String serialNo, String robotSerialNo, String phone) {
        ObjectNode body = LineFixtures.object("login-success.json").put("serial_no", serialNo);
        ((ObjectNode) body.get("data")).put("serial_no", serialNo).put("phone", phone);
        return callback("/LineProtocol/RobotLoginSuccess", robotSerialNo, phone, body);
    }

    /** The seed's 登录失败 payload with serial_no, data.phone_no and message replaced. */
    public Reply loginFailure(String serialNo, String robotSerialNo, String phone, String message) {
        ObjectNode body = LineFixtures.object("login-failure.json").put("serial_no", serialNo).put("message", message);
        ((ObjectNode) body.get("data")).put("serial_no", serialNo).put("phone_no", phone);
        return callback("/LineProtocol/RobotLoginFailure", robotSerialNo, phone, body);
    }

    /** {@code POST /LineProtocol/RefreshToken} with {@code data.cache_info}; null sends the seed's sample. */
    public Reply refreshToken(String robotSerialNo, String phone, String cacheInfoBase64) {
        ObjectNode body = LineFixtures.object("refresh-token.json");
        if (cacheInfoBase64 != null) {
            ((ObjectNode) body.get("data")).put("cache_info", cacheInfoBase64);
        }
        return callback("/LineProtocol/RefreshToken", robotSerialNo, phone, body);
    }

    /**
     * {@code POST /LineProtocol/Logout} as a result body ({@code serial_no, success, message, data}); the seed
     * shows none. A null serialNo (the device logged out by itself) is sent as "".
     */
    public Reply logout(String robotSerialNo, String phone, String serialNo) {
        ObjectNode body = JSON.createObjectNode().put("serial_no", serialNo == null ? "" : serialNo)
                .put("success", true).put("message", "");
        body.putNull("data");
        return callback("/LineProtocol/Logout", robotSerialNo, phone, body);
    }

    /** One entry of {@code functional_limits}; {@code risk_type_code} is a number as in seed 001's type 1007. */
    public record FunctionalLimit(int riskTypeCode, String riskTypeDesc) {
    }

    /**
     * {@code POST /LineProtocol/RobotStatus} (added by DESIGN §4, shape defined by this project):
     * {@code {"state", "reason", "functional_limits":[{"risk_type_code","risk_type_desc"}]}},
     * state as in type 1007: 0 online, 1 offline, 2 banned, 3 limited.
     */
    public Reply robotStatus(String robotSerialNo, String phone, int state, String reason,
                             List<FunctionalLimit> functionalLimits) {
        ObjectNode body = JSON.createObjectNode().put("state", state).put("reason", reason);
        ArrayNode limits = body.putArray("functional_limits");
        for (FunctionalLimit l : functionalLimits == null ? List.<FunctionalLimit>of() : functionalLimits) {
            limits.addObject().put("risk_type_code", l.riskTypeCode()).put("risk_type_desc", l.riskTypeDesc());
        }
        return callback("/LineProtocol/RobotStatus", robotSerialNo, phone, body);
    }

    /**
     * {@code POST /LineProtocol/ReceiveMessage} (added by DESIGN §4, shape defined by this project): a message the
     * robot received; {@code groupId} null for a person's message, {@code msgType} text, image, video, audio, file,
     * location or contact.
     */
    public Reply receiveMessage(String robotSerialNo, String phone, String msgId, String from, String to,
                                String groupId, String msgType, String content, long msgTime) {
        ObjectNode body = JSON.createObjectNode().put("msg_id", msgId).put("from_user_id", from)
                .put("to_user_id", to).put("msg_type", msgType).put("content", content).put("msg_time", msgTime);
        if (groupId != null) {
            body.put("group_id", groupId);
        }
        return callback("/LineProtocol/ReceiveMessage", robotSerialNo, phone, body);
    }

    /** {@code POST /LineProtocol/GetPushContent} {@code {"serial_no"}}; the content is in the reply's data. */
    public Reply getPushContent(String serialNo) {
        ObjectNode body = JSON.createObjectNode().put("serial_no", serialNo);
        return post("/LineProtocol/GetPushContent", Map.of(), body.toString());
    }

    /** Posts a JSON body as a robot's callback: headers robot-phone and robot-serial_no, each only if not null. */
    public Reply callback(String path, String robotSerialNo, String phone, JsonNode body) {
        Map<String, String> robot = new LinkedHashMap<>();
        if (phone != null) {
            robot.put("robot-phone", phone);
        }
        if (robotSerialNo != null) {
            robot.put("robot-serial_no", robotSerialNo);
        }
        return post(path, robot, body.toString());
    }

    /**
     * Posts a signed request: the device headers (device-no, app-version, protocol) plus {@code extraHeaders},
     * signed with {@link LineSigner#sign}.
     */
    public Reply post(String path, Map<String, String> extraHeaders, String jsonBody) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("device-no", deviceNo);
        headers.put("app-version", appVersion);
        headers.putAll(extraHeaders);
        headers.put("protocol", protocol);
        return postRaw(path, headers, jsonBody, LineSigner.sign(headers, jsonBody, key));
    }

    /**
     * Posts exactly what it is given: these headers (null values skipped), this body, and {@code sign} as the
     * sign header (none when null). Lets tests send wrong signatures and missing headers.
     */
    public Reply postRaw(String path, Map<String, String> headers, String body, String sign) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach((name, value) -> {
            if (value != null) {
                request.header(name, value);
            }
        });
        if (sign != null) {
            request.header("sign", sign);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.accept("POST " + path + " failed: " + e);
            throw new UncheckedIOException("POST " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted during POST " + path));
        }
        Reply reply = new Reply(response.statusCode(), parse(response.body()));
        // Status and message only: reply data (GetPushContent) can hold passwords.
        log.accept("POST " + path + " -> " + reply.status() + " success=" + reply.body().path("success").asText("?")
                + (reply.message().isEmpty() ? "" : " message=" + reply.message()));
        return reply;
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node == null ? TextNode.valueOf("") : node;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    @Override
    public void close() {
        disconnect();
        frames.shutdownNow();
        http.shutdownNow();
    }
}
