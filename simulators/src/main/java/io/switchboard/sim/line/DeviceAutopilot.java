package io.switchboard.sim.line;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Makes a {@link LineDeviceSimulator} behave on its own, for demos and benchmarks:
 * <ul>
 *   <li>DeviceHeart every {@code deviceHeartInterval}; RobotHeart every {@code robotHeartInterval} for each
 *       logged-in robot;</li>
 *   <li>{@code autoLogin}: on cmd 10000, a cache login ({@code is_cache_login} with a {@code cache_info}) succeeds
 *       at once; otherwise the phone-code script runs: get-phone-code {@code send}, then {@code get} every
 *       {@code codePollInterval} until a code arrives (at most {@code maxCodePolls} times), then RobotLoginSuccess,
 *       or RobotLoginFailure when no code came. cmd 10009 posts Logout;</li>
 *   <li>{@code autoAnswer}: cmds 10001–10008 and 10010 are answered with the seed's sample results, made to
 *       agree with the command's content (docs/LINE_DEVICE.md "cmd contents"): 10001 adds the asked phone, 10003
 *       creates the asked group (with {@code data.group_info}), 10004 answers for the asked group ids (with each
 *       one's {@code data.group_info}: the one the command carried, else one it "fetches"), 10010 reports
 *       every asked phone as synced; ids are derived from what was asked, so tests can predict them
 *       ({@link #userIdOf}, {@link #groupIdOf}).</li>
 *   <li>{@code autoAnswer} for cmd 10007 (send): the content must have seed 000's shape (else the result says what
 *       is wrong, {@code Ret} -1); each message waits in its robot's queue, one at a time: {@code before_sleep_time},
 *       then it is sent ({@link LineDeviceSimulator#messages()}) and {@code LineProtocol/SendMessage} posted with
 *       {@code msg_num}, the {@code queueCount} still waiting and, for a group, {@code group_info} (the one given, or
 *       when it was null the device's own, {@link #groupInfoOf}: the seed's "传空的时候会去取一次数据"), then
 *       {@code after_sleep_time} before the robot's next message. {@link #failNextSend} and
 *       {@link #swallowNextSend} make sends fail ({@code Ret} ≠ 0) or go unanswered.</li>
 * </ul>
 * Nothing here blocks the simulator's frame thread: all posts run on the autopilot's own thread.
 */
public final class DeviceAutopilot implements AutoCloseable {

    public record Settings(boolean autoLogin, boolean autoAnswer, Duration codePollInterval, int maxCodePolls,
                           Duration robotHeartInterval, Duration deviceHeartInterval) {

        /** Auto login and answers on; poll every 2 s up to 90 times; both heartbeats every 30 s. */
        public static Settings defaults() {
            return new Settings(true, true, Duration.ofSeconds(2), 90, Duration.ofSeconds(30), Duration.ofSeconds(30));
        }
    }

    /** A robot this device has logged in. */
    public record Robot(String robotSerialNo, String phone) {
    }

    /** Result path and sample body for each command answered by {@code autoAnswer}. */
    private static final Map<Integer, String[]> ANSWERS = Map.of(
            10001, new String[] {"/LineProtocol/AddFriend", "add-friend.json"},
            10002, new String[] {"/LineProtocol/GetFriendList", "friend-list.json"},
            10003, new String[] {"/LineProtocol/CreateGroup", "create-group.json"},
            10004, new String[] {"/LineProtocol/GetGroupInfo", "group-info.json"},
            10005, new String[] {"/LineProtocol/InviteFriendsToGroup", "invite-friends-to-group.json"},
            10006, new String[] {"/LineProtocol/QuitGroup", "quit-group.json"},
            10008, new String[] {"/LineProtocol/GetGroupList", "group-list.json"},
            10010, new String[] {"/LineProtocol/SyncContacts", "sync-contacts.json"});

    /** cmd 10007 {@code msg_type} words (DESIGN §4). */
    public static final List<String> MESSAGE_TYPES = List.of("text", "image", "video", "audio", "file", "location",
            "contact");
    private static final List<String> GROUP_INFO_KEYS = List.of("group_id", "group_key", "group_tag_b",
            "owner_user_id", "owner_tag_b");

    /** One 10007 item waiting in its robot's queue. */
    private record Outgoing(PushCommand command, String robot, JsonNode item) {
    }

    /** A send fault: {@code ret} ≠ 0 answers it with that Ret and RetMsg; {@code ret} 0 swallows it. */
    private record SendFault(int ret, String retMsg) {
    }

    private final LineDeviceSimulator sim;
    /** Each robot's (phone's) messages, sent one at a time; the head is the one being sent. */
    private final Map<String, Deque<Outgoing>> queues = new ConcurrentHashMap<>();
    private final Deque<SendFault> sendFaults = new ConcurrentLinkedDeque<>();
    private final Settings settings;
    private final Consumer<String> log;
    private final Map<String, Robot> loggedIn = new ConcurrentHashMap<>(); // by phone
    /** One thread: results are posted in command order, and nothing here needs to be fast. */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "line-autopilot");
        t.setDaemon(true);
        return t;
    });

    public DeviceAutopilot(LineDeviceSimulator sim, Settings settings, Consumer<String> log) {
        this.sim = sim;
        this.settings = settings;
        this.log = log;
    }

    /** Starts the heartbeats and listens for commands. */
    public DeviceAutopilot start() {
        sim.onCommand(c -> timer.execute(() -> safely("cmd " + c.cmd(), () -> handle(c))));
        long device = settings.deviceHeartInterval().toMillis();
        timer.scheduleAtFixedRate(() -> safely("DeviceHeart", () -> {
            if (sim.isConnected()) {
                sim.deviceHeart();
            }
        }), device, device, TimeUnit.MILLISECONDS);
        long robot = settings.robotHeartInterval().toMillis();
        timer.scheduleAtFixedRate(() -> loggedIn.values().forEach(r ->
                safely("RobotHeart", () -> sim.robotHeart(r.robotSerialNo(), r.phone()))),
                robot, robot, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The robots logged in through this device, as of now. */
    public List<Robot> loggedIn() {
        return List.copyOf(loggedIn.values());
    }

    private void handle(PushCommand c) {
        if (c.cmd() == 10000 && settings.autoLogin()) {
            login(c);
        } else if (c.cmd() == 10009 && settings.autoLogin()) {
            Robot r = loggedIn.remove(c.phone());
            sim.logout(r == null ? robotSerialNo(c) : r.robotSerialNo(), c.phone(), c.serialNo());
        } else if (settings.autoAnswer() && c.cmd() == 10007) {
            send(c);
        } else if (settings.autoAnswer() && ANSWERS.containsKey(c.cmd())) {
            answer(c);
        }
    }

    private void login(PushCommand c) {
        String robot = robotSerialNo(c);
        if (c.content() == null || !c.content().isObject()) {
            sim.loginFailure(c.serialNo(), robot, c.phone(), "login content missing");
            return;
        }
        boolean cacheLogin = c.content().path("is_cache_login").asBoolean(false); // the seed has true and "true"
        if (cacheLogin && !c.content().path("cache_info").asText("").isEmpty()) {
            succeed(c, robot);
            return;
        }
        sim.requestPhoneCode(c.serialNo(), c.phone());
        pollCode(c, robot, 1);
    }

    private void pollCode(PushCommand c, String robot, int attempt) {
        timer.schedule(() -> safely("phone code", () -> {
            Reply r = sim.pollPhoneCode(c.serialNo(), c.phone());
            if (r.success() && !r.body().path("data").path("code").asText("").isEmpty()) {
                succeed(c, robot);
            } else if (attempt >= settings.maxCodePolls()) {
                sim.loginFailure(c.serialNo(), robot, c.phone(), "no phone code after " + attempt + " polls");
            } else {
                pollCode(c, robot, attempt + 1);
            }
        }), settings.codePollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void succeed(PushCommand c, String robot) {
        if (sim.loginSuccess(c.serialNo(), robot, c.phone()).success()) {
            loggedIn.put(c.phone(), new Robot(robot, c.phone()));
        }
    }

    private void answer(PushCommand c) {
        String[] answer = ANSWERS.get(c.cmd());
        ObjectNode body = LineFixtures.object(answer[1]);
        body.put("serial_no", c.serialNo());
        if (c.content() != null && c.content().isObject()) {
            agree(c, body);
        }
        sim.callback(answer[0], robotSerialNo(c), c.phone(), body);
    }

    // ------------------------------------------------------------------ cmd 10007

    /** The next {@code times} messages fail: their SendMessage result has this {@code Ret} (≠ 0) and {@code RetMsg}. */
    public DeviceAutopilot failNextSend(int times, int ret, String retMsg) {
        if (ret == 0) {
            throw new IllegalArgumentException("a failure has Ret ≠ 0");
        }
        for (int i = 0; i < times; i++) {
            sendFaults.add(new SendFault(ret, retMsg));
        }
        return this;
    }

    /** The next {@code times} messages are never sent nor answered (a device that hangs). */
    public DeviceAutopilot swallowNextSend(int times) {
        for (int i = 0; i < times; i++) {
            sendFaults.add(new SendFault(0, null));
        }
        return this;
    }

    /** A 10007 command: checked against seed 000's shape, then each message joins its robot's queue. */
    private void send(PushCommand c) {
        String robot = robotSerialNo(c);
        String wrong = checkSend(c);
        if (wrong != null) {
            ObjectNode body = sendResult(c.serialNo(), 1, 0, null);
            body.put("success", false).put("message", wrong);
            ((ObjectNode) body.get("dc_data")).put("Ret", -1).put("RetMsg", wrong);
            sim.callback("/LineProtocol/SendMessage", robot, c.phone(), body);
            return;
        }
        Deque<Outgoing> queue = queues.computeIfAbsent(c.phone(), p -> new ArrayDeque<>());
        boolean idle;
        synchronized (queue) {
            idle = queue.isEmpty();
            c.content().path("data").forEach(item -> queue.addLast(new Outgoing(c, robot, item)));
        }
        if (idle) {
            next(queue);
        }
    }

    /** Sends the head of the queue after its before_sleep_time; the next one after its after_sleep_time. */
    private void next(Deque<Outgoing> queue) {
        Outgoing o;
        synchronized (queue) {
            o = queue.peekFirst();
        }
        if (o == null) {
            return;
        }
        timer.schedule(() -> safely("cmd 10007", () -> {
            try {
                sendOne(queue, o);
            } finally {
                timer.schedule(() -> safely("cmd 10007", () -> {
                    synchronized (queue) {
                        queue.pollFirst();
                    }
                    next(queue);
                }), o.item().path("after_sleep_time").asLong(), TimeUnit.MILLISECONDS);
            }
        }), o.item().path("before_sleep_time").asLong(), TimeUnit.MILLISECONDS);
    }

    private void sendOne(Deque<Outgoing> queue, Outgoing o) {
        JsonNode item = o.item();
        PushCommand c = o.command();
        int waiting;
        synchronized (queue) {
            waiting = queue.size() - 1; // the device's queueCount: messages still behind this one
        }
        SendFault fault = sendFaults.pollFirst();
        if (fault != null && fault.ret() == 0) {
            log.accept("cmd 10007 " + c.serialNo() + " swallowed (swallowNextSend)");
            return;
        }
        boolean group = item.path("is_to_group").asBoolean();
        String target = item.path("to_target_id").asText();
        JsonNode info = null;
        if (group) {
            info = item.path("group_info").isObject() ? item.get("group_info") : groupInfoOf(target);
        }
        ObjectNode body = sendResult(c.serialNo(), item.path("msg_num").asInt(), waiting, info);
        if (fault != null) {
            body.put("success", false).put("message", fault.retMsg());
            ((ObjectNode) body.get("dc_data")).put("Ret", fault.ret()).put("RetMsg", fault.retMsg());
        } else {
            String type = item.path("msg_type").asText();
            sim.sent(c.serialNo(), target, group, type, item.path("msg_content").asText());
            // The seed's two samples: text "encryptionMessageText", image "funcName".
            ((ObjectNode) body.get("dc_data")).put("funName", type.equals("text") ? "encryptionMessageText"
                    : "funcName");
        }
        sim.callback("/LineProtocol/SendMessage", o.robot(), c.phone(), body);
    }

    /** The seed's SendMessage result: {@code data {group_info?, msg_num, queueCount}}, {@code dc_data} Ret 0. */
    public static ObjectNode sendResult(String serialNo, int msgNum, int queueCount, JsonNode groupInfo) {
        ObjectNode body = LineFixtures.object("send-message-text.json").put("serial_no", serialNo);
        ObjectNode data = body.putObject("data");
        if (groupInfo != null) {
            data.set("group_info", groupInfo);
        }
        data.put("msg_num", msgNum).put("queueCount", queueCount);
        return body;
    }

    /** What is wrong with a 10007 content, as seed 000 shapes it; null when nothing. */
    static String checkSend(PushCommand c) {
        JsonNode content = c.content();
        JsonNode data = content == null ? null : content.get("data");
        if (data == null || !data.isArray() || data.isEmpty()) {
            return "content.data must be a non-empty array of messages";
        }
        for (int i = 0; i < data.size(); i++) {
            JsonNode m = data.get(i);
            String at = "content.data[" + i + "].";
            if (!m.path("msg_num").isIntegralNumber()) {
                return at + "msg_num must be a whole number";
            }
            if (!m.path("is_to_group").isBoolean()) {
                return at + "is_to_group must be true or false";
            }
            if (!m.path("to_target_id").isTextual() || m.get("to_target_id").asText().isBlank()) {
                return at + "to_target_id must name a friend or group";
            }
            if (!MESSAGE_TYPES.contains(m.path("msg_type").asText(""))) {
                return at + "msg_type must be one of " + MESSAGE_TYPES;
            }
            if (!m.path("msg_content").isTextual() || m.get("msg_content").asText().isEmpty()) {
                return at + "msg_content must be a non-empty string";
            }
            for (String sleep : List.of("before_sleep_time", "after_sleep_time")) {
                if (!m.path(sleep).isIntegralNumber() || m.get(sleep).asLong() < 0) {
                    return at + sleep + " must be a whole number of milliseconds";
                }
            }
            if (!m.has("group_info")) {
                return at + "group_info must be there (an object, or null)";
            }
            JsonNode info = m.get("group_info");
            if (!info.isNull()) {
                if (!info.isObject()) {
                    return at + "group_info must be an object or null";
                }
                for (String key : GROUP_INFO_KEYS) {
                    if (!info.has(key)) {
                        return at + "group_info." + key + " is missing";
                    }
                }
            }
        }
        return null;
    }

    /**
     * The link info the device fetches for a group when a group message came with {@code group_info} null:
     * derived from the group id, so tests can predict it.
     */
    public static ObjectNode groupInfoOf(String groupId) {
        ObjectNode info = LineFixtures.JSON.createObjectNode();
        info.put("group_id", groupId).put("group_key", LineSigner.md5Hex("key " + groupId))
                .put("group_tag_b", Math.abs(groupId.hashCode() % 100_000_000))
                .put("owner_user_id", "u" + LineSigner.md5Hex("owner " + groupId)).put("owner_tag_b", 4094372);
        return info;
    }

    /** The LINE user id (mid) the autopilot gives the contact with this phone: {@code u} + md5(phone). */
    public static String userIdOf(String phone) {
        return "u" + LineSigner.md5Hex(phone);
    }

    /** The group id the autopilot gives the group a createGroup command made: {@code c} + md5(serial). */
    public static String groupIdOf(String commandSerialNo) {
        return "c" + LineSigner.md5Hex(commandSerialNo);
    }

    /** Rewrites the sample's RetBody so it answers what the command asked (the samples are the templates). */
    private static void agree(PushCommand c, ObjectNode body) {
        if (c.cmd() != 10001 && c.cmd() != 10003 && c.cmd() != 10004 && c.cmd() != 10010) {
            return; // 10002, 10008 (no content); 10005, 10006 (no RetBody)
        }
        JsonNode content = c.content();
        ObjectNode dc = (ObjectNode) body.get("dc_data");
        ObjectNode rb = (ObjectNode) LineFixtures.retBody(ANSWERS.get(c.cmd())[1]);
        ObjectNode parm = (ObjectNode) rb.get("Parm");
        long now = System.currentTimeMillis();
        switch (c.cmd()) {
            case 10001 -> {
                String phone = content.path("phone").asText("");
                ObjectNode data = (ObjectNode) parm.get("ContactsData");
                ObjectNode entry = (ObjectNode) data.elements().next();
                String mid = userIdOf(phone);
                ((ObjectNode) entry.get("User")).put("UserId", mid).put("UserName", "friend " + last4(phone));
                data.removeAll();
                data.set(mid, entry);
            }
            case 10003 -> {
                ObjectNode chat = (ObjectNode) parm.get("Chats").get(0);
                String groupId = groupIdOf(c.serialNo());
                chat.put("GroupId", groupId).put("GroupName", content.path("group_name").asText(""))
                        .put("CreateTime", now);
                ObjectNode inner = (ObjectNode) chat.get("Data").get("Parm");
                ObjectNode members = inner.putObject("MemberJoinTime");
                members.put(inner.path("OwnerUserId").asText(), now);
                content.path("user_ids").forEach(u -> members.put(u.asText(), now));
                body.putObject("data").set("group_info", linkInfo(groupId, inner.path("OwnerUserId").asText()));
            }
            case 10004 -> {
                JsonNode template = parm.get("Chats").get(0);
                var chats = parm.putArray("Chats");
                content.path("group_ids").forEach(id -> chats.add(((ObjectNode) template.deepCopy())
                        .put("GroupId", id.asText())));
                // The link info of each asked group: what the command carried, as 10007's reply echoes it, or,
                // for a group it carried none for, fetched once (seed: "传空的时候会去取一次数据,通过回调返回").
                Map<String, JsonNode> given = new java.util.HashMap<>();
                JsonNode carried = content.path("group_info");
                (carried.isArray() ? carried : JsonNodeFactory.instance.arrayNode().add(carried)).forEach(g -> {
                    if (g.isObject()) {
                        given.put(g.path("group_id").asText(), g);
                    }
                });
                String owner = template.path("Data").path("Parm").path("OwnerUserId").asText();
                var infos = body.putObject("data").putArray("group_info");
                content.path("group_ids").forEach(id -> infos.add(given.containsKey(id.asText())
                        ? given.get(id.asText()) : linkInfo(id.asText(), owner)));
            }
            case 10010 -> {
                JsonNode template = parm.elements().next();
                parm.removeAll();
                for (JsonNode p : content.path("phones")) {
                    ObjectNode entry = template.deepCopy();
                    entry.put("PhoneNumber", p.asText()).put("Abperson", LineSigner.md5Hex(p.asText()) + ":ABPerson");
                    ((ObjectNode) entry.get("UserRegInfo")).put("UserId", userIdOf(p.asText()))
                            .put("UserName", "contact " + last4(p.asText()));
                    parm.set(p.asText(), entry);
                }
            }
            default -> throw new IllegalStateException("cmd " + c.cmd());
        }
        dc.put("RetBody", rb.toString());
    }

    /** The link info the simulated device "fetches" for a group: derived from its id, so tests can predict it. */
    public static ObjectNode linkInfo(String groupId, String ownerUserId) {
        return JsonNodeFactory.instance.objectNode().put("group_id", groupId)
                .put("group_key", LineSigner.md5Hex("key " + groupId))
                .put("group_tag_b", Math.abs(groupId.hashCode() % 100_000_000)).put("owner_user_id", ownerUserId)
                .put("owner_tag_b", 4094372);
    }

    private static String last4(String phone) {
        return phone.length() <= 4 ? phone : phone.substring(phone.length() - 4);
    }

    /**
     * The robot's serial for the robot-serial_no header. The seed's commands do not carry it, so: a
     * {@code robot_serial_no} in the content or frame if the platform sends one, else the serial of the robot
     * logged in with this phone, else the command's own serial (the seed allows "robot number or login serial").
     */
    private String robotSerialNo(PushCommand c) {
        for (JsonNode n : new JsonNode[] {c.content(), c.frame()}) {
            if (n != null && n.hasNonNull("robot_serial_no")) {
                return n.get("robot_serial_no").asText();
            }
        }
        Robot r = loggedIn.get(c.phone());
        return r != null ? r.robotSerialNo() : c.serialNo();
    }

    /** A failed post must not cancel a periodic task (the executor would silently drop it). */
    private void safely(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.accept(what + " failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
