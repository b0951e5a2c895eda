package io.switchboard.sim.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.sim.line.LineDeviceSimulator;
import io.switchboard.sim.line.LineFixtures;
import io.switchboard.sim.line.LineSigner;
import io.switchboard.sim.line.Reply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code device}: signed LINE device callbacks to callback-service against a baseline refused before the signature.
 *
 * <ul>
 *   <li>{@code NoSuchAction} (baseline): the RobotHeart request (same headers, body and sign) posted to
 *       {@code /LineProtocol/NoSuchAction}: 404 before the device look-up and the MD5 check;</li>
 *   <li>{@code DeviceHeart}: device look-up (cached), MD5 check, one {@code ZADD}: 200;</li>
 *   <li>{@code RobotHeart}: the same plus the robot's tenancy check (cached {@code robot_link} look-up) and one
 *       {@code ZADD}: 200. The requests cycle through {@code robots} robot serials, each logged in first so that
 *       it is the merchant's.</li>
 * </ul>
 *
 * The requests are built and signed with the simulator's {@link LineSigner} and {@link LineFixtures} (what
 * {@link LineDeviceSimulator#robotHeart} sends), so that baseline and variants share one HTTP client. A preflight
 * RobotHeart through {@link LineDeviceSimulator} itself checks that the device and key are right.
 */
final class DeviceScenario {
    private final String callback;
    private final String deviceNo;
    private final String deviceKey;
    private final String runTag;
    private final int robots;

    DeviceScenario(String callback, String deviceNo, String deviceKey, String runTag, int robots) {
        this.callback = callback;
        this.deviceNo = deviceNo;
        this.deviceKey = deviceKey;
        this.runTag = runTag;
        this.robots = Math.max(1, robots);
    }

    String robot(int i) {
        return "bench-robot-" + runTag + "-" + (i % robots);
    }

    static String phone(int i) {
        return String.format("861310%07d", i);
    }

    /**
     * One RobotHeart per robot through the simulator itself; fails the run when callback-service still refuses one
     * after 30 s (the robots' login commands reach callback-service asynchronously, through sb:commands).
     */
    void preflight() {
        try (LineDeviceSimulator sim = new LineDeviceSimulator(callback, deviceNo, deviceKey)) {
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (int i = 0; i < robots; i++) {
                Reply r = sim.robotHeart(robot(i), phone(i));
                while (!r.success() && r.status() == 403 && System.nanoTime() < end) {
                    LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // the login is still on its way
                    r = sim.robotHeart(robot(i), phone(i));
                }
                if (!r.success()) {
                    throw new BenchFailure("RobotHeart through LineDeviceSimulator was refused: " + r);
                }
            }
        }
    }

    List<Variant> variants() {
        List<HttpRequest> hearts = new ArrayList<>();
        List<HttpRequest> baseline = new ArrayList<>();
        String body = LineFixtures.object("robot-heart.json")
                .put("app_version", LineDeviceSimulator.DEFAULT_APP_VERSION).toString();
        for (int i = 0; i < robots; i++) {
            Map<String, String> h = deviceHeaders(robot(i), phone(i % robots));
            String sign = LineSigner.sign(h, body, deviceKey);
            hearts.add(request("/LineProtocol/RobotHeart", h, body, sign));
            baseline.add(request("/LineProtocol/NoSuchAction", h, body, sign));
        }
        Map<String, String> dh = deviceHeaders(null, null);
        HttpRequest deviceHeart = request("/LineProtocol/DeviceHeart", dh, "{}", LineSigner.sign(dh, "{}", deviceKey));
        return List.of(
                new Variant("NoSuchAction", "the RobotHeart request posted to /LineProtocol/NoSuchAction: 404 before "
                        + "the device look-up and the signature", "404", true,
                        n -> cycle(baseline, n), (s, b) -> s == 404 && b.contains("unknown action")),
                new Variant("DeviceHeart", "signed DeviceHeart {}: device (cached) + MD5 + ZADD", "200 success=true",
                        false, n -> cycle(List.of(deviceHeart), n), (s, b) -> s == 200 && b.contains("\"success\":true")),
                new Variant("RobotHeart", "signed RobotHeart, " + robots + " robots: device + MD5 + tenancy "
                        + "(cached robot_link) + ZADD", "200 success=true", false,
                        n -> cycle(hearts, n), (s, b) -> s == 200 && b.contains("\"success\":true")));
    }

    private Map<String, String> deviceHeaders(String robotSerialNo, String phone) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("device-no", deviceNo);
        h.put("app-version", LineDeviceSimulator.DEFAULT_APP_VERSION);
        if (phone != null) {
            h.put("robot-phone", phone);
        }
        if (robotSerialNo != null) {
            h.put("robot-serial_no", robotSerialNo);
        }
        h.put("protocol", LineDeviceSimulator.DEFAULT_PROTOCOL);
        return h;
    }

    private HttpRequest request(String path, Map<String, String> headers, String body, String sign) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(callback + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8)));
        headers.forEach(b::header);
        return b.header("sign", sign).build();
    }

    private static List<HttpRequest> cycle(List<HttpRequest> base, int n) {
        List<HttpRequest> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(base.get(i % base.size()));
        }
        return out;
    }
}
