package io.switchboard.sim.line;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 *   <li>{@code autoAnswer}: cmds 10001–10008 and 10010 are answered with the seed's sample results.</li>
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

    /** Result path and sample body for each command answered by {@code autoAnswer}; null body = bare result. */
    private static final Map<Integer, String[]> ANSWERS = Map.of(
            10001, new String[] {"/LineProtocol/AddFriend", "add-friend.json"},
            10002, new String[] {"/LineProtocol/GetFriendList", "friend-list.json"},
            10003, new String[] {"/LineProtocol/CreateGroup", "create-group.json"},
            10004, new String[] {"/LineProtocol/GetGroupInfo", "group-info.json"},
            10005, new String[] {"/LineProtocol/InviteFriendsToGroup", null},
            10006, new String[] {"/LineProtocol/QuitGroup", null},
            10007, new String[] {"/LineProtocol/SendMessage", "send-message-image.json"},
            10008, new String[] {"/LineProtocol/GetGroupList", "group-list.json"},
            10010, new String[] {"/LineProtocol/SyncContacts", "sync-contacts.json"});

    private final LineDeviceSimulator sim;
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
        ObjectNode body;
        if (answer[1] == null) {
            body = LineFixtures.JSON.createObjectNode().put("success", true).put("message", "");
            body.putNull("data");
        } else {
            body = LineFixtures.object(answer[1]);
        }
        body.put("serial_no", c.serialNo());
        JsonNode groupInfo = c.content() == null ? null : c.content().path("data").path(0).get("group_info");
        if (c.cmd() == 10007 && groupInfo != null && groupInfo.isObject()) {
            ((ObjectNode) body.get("data")).set("group_info", groupInfo); // as the seed's group text reply does
        }
        sim.callback(answer[0], robotSerialNo(c), c.phone(), body);
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
