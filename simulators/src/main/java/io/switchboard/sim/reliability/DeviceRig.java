package io.switchboard.sim.reliability;

import io.switchboard.sim.line.DeviceAutopilot;
import io.switchboard.sim.line.LineDeviceSimulator;
import io.switchboard.sim.line.PushCommand;
import io.switchboard.sim.line.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One simulated LINE device behaving as a real one behind a load balancer: each callback is retried, on the next
 * callback-service replica, until it gets a 2xx success (or the run's deadline passes); its push socket reconnects to
 * a live replica when it drops. It answers a cache login at once and every cmd 10007 with a successful SendMessage
 * result, each message on its own (no per-robot pacing on the device), and beats for its robots.
 */
final class DeviceRig implements AutoCloseable {
    private final String deviceNo;
    private final List<LineDeviceSimulator> sims;
    private final Counters counters;
    private final long deadlineNanos;
    private final Map<String, String> robotByPhone = new ConcurrentHashMap<>();
    private final java.util.Set<String> silent = ConcurrentHashMap.newKeySet();
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
    private final java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private volatile int active;
    private volatile boolean closed;

    DeviceRig(String deviceNo, String key, List<String> callbackUrls, int first, Counters counters,
              long deadlineNanos) {
        this.deviceNo = deviceNo;
        this.sims = callbackUrls.stream().map(u -> new LineDeviceSimulator(u, deviceNo, key)).toList();
        this.counters = counters;
        this.deadlineNanos = deadlineNanos;
        this.active = first % sims.size();
        for (LineDeviceSimulator s : sims) {
            s.onCommand(c -> work.execute(() -> handle(c)));
        }
    }

    String deviceNo() {
        return deviceNo;
    }

    /** Connects the push socket and keeps it connected, and beats for the robots every {@code beatMs}. */
    DeviceRig start(long beatMs) {
        timer.scheduleWithFixedDelay(this::keepConnected, 0, 500, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> robotByPhone.forEach((phone, robot) -> {
            if (!silent.contains(phone)) {
                work.execute(() -> post(s -> s.robotHeart(robot, phone), System.nanoTime()
                        + TimeUnit.MILLISECONDS.toNanos(beatMs)));
            }
        }), beatMs, beatMs, TimeUnit.MILLISECONDS);
        return this;
    }

    boolean connected() {
        return sims.stream().anyMatch(LineDeviceSimulator::isConnected);
    }

    private void keepConnected() {
        if (closed || connected()) {
            return;
        }
        for (int k = 0; k < sims.size(); k++) {
            LineDeviceSimulator s = sims.get((active + k) % sims.size());
            try {
                s.connect();
                active = (active + k) % sims.size();
                return;
            } catch (IOException | RuntimeException e) {
                // that replica is down; try the next one
            }
        }
    }

    private void handle(PushCommand c) {
        if (c.cmd() == 10000) {
            String robot = robotByPhone.getOrDefault(c.phone(),
                    c.content() == null ? "" : c.content().path("robot_serial_no").asText(""));
            String r = robot;
            post(s -> s.loginSuccess(c.serialNo(), r, c.phone()), deadlineNanos);
        } else if (c.cmd() == 10007 && c.content() != null) {
            String robot = robotByPhone.getOrDefault(c.phone(), "");
            c.content().path("data").forEach(item -> {
                var body = DeviceAutopilot.sendResult(c.serialNo(), item.path("msg_num").asInt(), 0, null);
                ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("dc_data")).put("funName",
                        "encryptionMessageText");
                post(s -> s.callback("/LineProtocol/SendMessage", robot, c.phone(), body), deadlineNanos);
            });
        }
    }

    /** Expects the login of {@code robot} for {@code phone} (the command frame may not name the robot). */
    void expectRobot(String phone, String robot) {
        robotByPhone.putIfAbsent(phone, robot);
    }

    /** The robot on {@code phone} stops beating (the device stays connected): it goes silent. */
    void silence(String phone) {
        silent.add(phone);
    }

    /** A robot's inbound message, retried until accepted; false if the deadline passed first. */
    boolean receiveMessage(String robot, String phone, String msgId, String content) {
        return post(s -> s.receiveMessage(robot, phone, msgId, "u-friend-" + phone, "u-" + phone, null, "text",
                content, System.currentTimeMillis()), deadlineNanos);
    }

    /**
     * Posts through the active replica, moving to the next one on a connection error or a 5xx, until a 2xx
     * success or {@code until}. Backs off 100 ms to 2 s between tries.
     */
    boolean post(Function<LineDeviceSimulator, Reply> call, long until) {
        int i = active;
        long backoff = 100;
        while (!closed && System.nanoTime() < until) {
            LineDeviceSimulator s = sims.get(Math.floorMod(i, sims.size()));
            try {
                Reply r = call.apply(s);
                counters.answer(r.status());
                if (r.success()) {
                    return true;
                }
                if (r.status() < 500) {
                    counters.refused(r.status() + " " + r.body());
                }
            } catch (UncheckedIOException e) {
                counters.unreachable();
            }
            i++;
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            backoff = Math.min(backoff * 2, 2_000);
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        work.shutdownNow();
        sims.forEach(LineDeviceSimulator::close);
    }
}
