package io.switchboard.sim.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.sim.line.DeviceAutopilot;
import io.switchboard.sim.line.LineDeviceSimulator;
import io.switchboard.sim.merchant.MerchantClient;
import io.switchboard.sim.merchant.OpenApiSigner;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * {@code messages} (issue 9): how fast message-service accepts {@code sendMessage}, against a single-row INSERT
 * baseline measured in the same run, and how long an accepted message takes to reach a connected device.
 *
 * <ul>
 *   <li>{@code INSERT (pgbench)} (baseline): pgbench, as many clients as the HTTP workers, one single-row INSERT
 *       per transaction into {@code bench.send_baseline} in the platform's database (autocommit, so one WAL flush
 *       each, as an accepted message has);</li>
 *   <li>{@code sendMessage}: signed {@code sendMessage} calls (text), round robin over as many robots as workers,
 *       whose pacing interval is set to the maximum, so that the dispatcher sends one message each and then leaves
 *       the queues alone: what is measured is the acceptance (gate, validation, rate token, one transaction that
 *       queues the message).</li>
 * </ul>
 * Then, with pacing off for a second robot on a connected LINE device simulator, messages one after the other: the
 * time from the {@code sendMessage} call to the cmd 10007 frame at the device (p50/p99). The call's own latency is
 * inside that figure: with pacing off the frame can arrive before the call's answer.
 */
final class MessageScenario {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private final BenchOptions o;
    private final BenchMerchant merchant;
    private final String message;
    private final PrintStream progress;
    private final HttpClient http;

    MessageScenario(BenchOptions o, BenchMerchant merchant, HttpClient http, PrintStream progress) {
        this.o = o;
        this.merchant = merchant;
        this.message = o.message();
        this.progress = progress;
        this.http = http;
    }

    /** Prints the tables and the JSON line; false when an answer was unexpected. */
    boolean run(PrintStream out, java.time.Instant started, LoadRunner load, CpuMeter meter)
            throws InterruptedException {
        String deviceNo = "bench-msg-" + BenchMerchant.hex(4);
        merchant.registerDevice(o.account(), deviceNo);
        String tag = BenchMerchant.hex(3);
        // The accepted messages are spread over as many robots as there are workers: one robot's accepts queue behind
        // its queue row's lock (that keeps its order), and a merchant's traffic is spread over its robots.
        List<String> acceptRobots = IntStream.range(0, o.concurrency()).mapToObj(i -> "bench-msg-accept-" + tag + "-" + i)
                .toList();
        String latencyRobot = "bench-msg-latency-" + tag;
        Map<String, Long> frameAt = new ConcurrentHashMap<>();
        try (LineDeviceSimulator device = new LineDeviceSimulator(o.callback(), deviceNo, merchant.deviceKey)) {
            device.onCommand(c -> {
                if (c.cmd() == 10007) {
                    frameAt.putIfAbsent(c.serialNo(), System.nanoTime());
                }
            });
            try {
                device.connect();
            } catch (IOException e) {
                throw new BenchFailure("the LINE device simulator cannot connect to " + o.callback() + ": " + e, e);
            }
            try (DeviceAutopilot pilot = new DeviceAutopilot(device, DeviceAutopilot.Settings.defaults(), s -> { })
                    .start()) {
                for (int i = 0; i < acceptRobots.size(); i++) {
                    cacheLogin(acceptRobots.get(i), deviceNo, DeviceScenario.phone(10 + i));
                }
                cacheLogin(latencyRobot, deviceNo, DeviceScenario.phone(2));
                for (String r : acceptRobots) {
                    awaitOnline(r);
                    pacing(r, 3_600_000);
                }
                awaitOnline(latencyRobot);
                pacing(latencyRobot, 0);

                Measured accept = acceptance(acceptRobots, load, meter);
                long[] latencies = latency(latencyRobot, frameAt);
                print(out, accept, latencies);
                out.println(json(started, accept, latencies));
                out.flush();
                return accept.send().unexpected() == 0;
            }
        }
    }

    record Measured(ScenarioRunner.Measured baseline, ScenarioRunner.Measured send) {}

    private Measured acceptance(List<String> robot, LoadRunner load, CpuMeter meter) throws InterruptedException {
        prepareBaselineTable();
        Variant send = new Variant("sendMessage", "signed sendMessage (text), round robin over robots paced to 1 per "
                + "hour: accept and queue", "200 QUEUED", false, n -> sends(robot, n),
                (s, b) -> s == 200 && b.contains("\"vcState\":\"QUEUED\""));
        Variant insert = new Variant("INSERT (pgbench)", "pgbench: one single-row INSERT per transaction, same number "
                + "of clients", "INSERT 0 1", true, n -> List.of(), (s, b) -> true);
        if (o.warmup() > 0) {
            progress.printf("  messages: warm-up %d sendMessage and %d INSERTs%n", o.warmup(), o.warmup());
            load.run(sends(robot, o.warmup()), send.expected(), null);
            pgbench(o.warmup());
        }
        List<LoadRunner.Pass> sendPasses = new ArrayList<>();
        List<long[]> insertLatencies = new ArrayList<>();
        long insertWall = 0;
        for (int r = 0; r < o.rounds(); r++) {
            int n = o.requests() / o.rounds() + (r == o.rounds() - 1 ? o.requests() % o.rounds() : 0);
            for (int k = 0; k < 2; k++) {
                boolean sendFirst = r % 2 == 0;
                if ((k == 0) == sendFirst) {
                    LoadRunner.Pass p = load.run(sends(robot, n), send.expected(), meter);
                    sendPasses.add(p);
                    progress.printf(Locale.ROOT, "  messages: round %d/%d sendMessage %6d requests %8.0f req/s%s%n",
                            r + 1, o.rounds(), n, n / (p.wallNs() / 1e9), p.unexpected() == 0 ? ""
                                    : "  " + p.unexpected() + " UNEXPECTED, e.g. " + p.samples().getFirst());
                } else {
                    Pgbench b = pgbench(n);
                    insertLatencies.add(b.latenciesNs());
                    insertWall += b.wallNs();
                    progress.printf(Locale.ROOT, "  messages: round %d/%d INSERT      %6d transactions %8.0f tps%n",
                            r + 1, o.rounds(), b.latenciesNs().length, b.latenciesNs().length / (b.wallNs() / 1e9));
                }
            }
        }
        long[] all = insertLatencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        ScenarioRunner.Measured base = new ScenarioRunner.Measured(insert, all, insertWall, all.length, 0, List.of(),
                null);
        return new Measured(base, ScenarioRunner.merge(send, sendPasses));
    }

    private List<HttpRequest> sends(List<String> robots, int n) {
        // Signing is the client's costliest step; both cores share it, untimed (as in the gate scenario).
        return IntStream.range(0, n).parallel().mapToObj(i -> {
            Map<String, ?> data = Map.of("vcRobotSerialNo", robots.get(i % robots.size()), "vcFriendSerialNo", "u-bench-friend",
                    "content", Map.of("msg_type", "0", "msg_content", "bench message " + i));
            String form = OpenApiSigner.formBody(merchant.client.signedParams("sendMessage", data));
            return HttpRequest.newBuilder(URI.create(message + "/openapi/v1/sendMessage"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form.getBytes(StandardCharsets.UTF_8))).build();
        }).toList();
    }

    /** Sequential sends with pacing off: call → cmd 10007 frame at the device, in nanoseconds, sorted. */
    private long[] latency(String robot, Map<String, Long> frameAt) {
        int warm = Math.min(20, Math.max(1, o.warmup() / 100));
        int measured = Math.max(20, Math.min(500, o.requests() / 20));
        progress.printf("  messages: latency, %d + %d messages one after the other (pacing off)%n", warm, measured);
        long[] out = new long[measured];
        for (int i = 0; i < warm + measured; i++) {
            long t0 = System.nanoTime();
            MerchantClient.Reply r = merchant.client.call(message, "sendMessage", Map.of("vcRobotSerialNo", robot,
                    "vcFriendSerialNo", "u-bench-friend", "content", Map.of("msg_type", "0", "msg_content", "lat " + i)));
            if (!r.success()) {
                throw new BenchFailure("sendMessage for the latency robot failed: HTTP " + r.status() + " " + r.body());
            }
            String serial = r.serialNo();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!frameAt.containsKey(serial)) {
                if (System.nanoTime() > end) {
                    throw new BenchFailure("message " + serial + " did not reach the device in 30 s");
                }
                LockSupport.parkNanos(50_000);
            }
            if (i >= warm) {
                out[i - warm] = frameAt.get(serial) - t0;
            }
            awaitState(serial, "SENT"); // the queue is empty again before the next call
        }
        Arrays.sort(out);
        return out;
    }

    private void awaitState(String serial, String state) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            MerchantClient.Reply r = merchant.client.call(message, "getMessage", Map.of("vcSerialNo", serial));
            if (r.success() && state.equals(r.data().path("vcState").asText())) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        throw new BenchFailure("message " + serial + " did not become " + state + " in 30 s");
    }

    /** A cache login, which the autopilot completes at once (a fresh login would wait for an SMS code). */
    private void cacheLogin(String robot, String deviceNo, String phone) {
        MerchantClient.Reply r = merchant.client.call(o.account(), "login", Map.of("vcRobotSerialNo", robot,
                "device_no", deviceNo, "phone", phone, "is_cache_login", "true",
                "cache_info", "eyJjYWNoZSI6ICJiZW5jaCJ9"));
        if (!r.success()) {
            throw new BenchFailure("login " + robot + " failed: HTTP " + r.status() + " " + r.body());
        }
    }

    private void awaitOnline(String robot) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            MerchantClient.Reply r = merchant.client.call(o.account(), "getRobot", Map.of("vcRobotSerialNo", robot));
            if (r.success() && r.data().path("nState").asInt(-1) == 0) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        throw new BenchFailure("robot " + robot + " did not come online in 60 s (is the device autopilot answering?)");
    }

    private void pacing(String robot, int intervalMs) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(message + "/admin/messages/robots/"
                            + robot + "/pacing")).timeout(Duration.ofSeconds(15))
                    .header("Authorization", "Bearer " + o.adminToken()).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"intervalMs\":" + intervalMs + "}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new BenchFailure("PUT pacing of " + robot + " answered HTTP " + r.statusCode() + ": " + r.body());
            }
        } catch (IOException e) {
            throw new BenchFailure("cannot reach message-service at " + message + ": " + e, e);
        }
    }

    // ------------------------------------------------------------------------------------------ pgbench

    record Pgbench(long[] latenciesNs, long wallNs) {}

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private List<String> connection() {
        return List.of("-h", env("SB_DB_HOST", "127.0.0.1"), "-p", env("SB_DB_PORT", "5432"),
                "-U", env("SB_DB_USER", "switchboard"));
    }

    private void prepareBaselineTable() {
        List<String> cmd = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"));
        cmd.addAll(connection());
        cmd.addAll(List.of("-d", env("SB_DB_NAME", "switchboard"), "-c",
                "CREATE SCHEMA IF NOT EXISTS bench; CREATE TABLE IF NOT EXISTS bench.send_baseline ("
                        + "id bigserial PRIMARY KEY, merchant_id varchar(64) NOT NULL, robot_serial_no varchar(256) "
                        + "NOT NULL, content text NOT NULL, created_at timestamptz NOT NULL DEFAULT now()); "
                        + "TRUNCATE bench.send_baseline;"));
        exec(cmd, "psql (baseline table)");
    }

    /** {@code n} INSERT transactions over {@code concurrency} clients; latencies from pgbench's per-transaction log. */
    private Pgbench pgbench(int n) {
        Path dir;
        Path script;
        try {
            dir = Files.createTempDirectory("sb-pgbench");
            script = dir.resolve("insert.sql");
            Files.writeString(script, "INSERT INTO bench.send_baseline (merchant_id, robot_serial_no, content) "
                    + "VALUES ('m-bench', 'bench-msg-robot', 'bench message');\n");
        } catch (IOException e) {
            throw new BenchFailure("cannot write pgbench's script: " + e, e);
        }
        int clients = Math.min(o.concurrency(), n);
        int perClient = Math.max(1, n / clients);
        List<String> cmd = new ArrayList<>(List.of("pgbench", "-n", "-c", Integer.toString(clients),
                "-j", Integer.toString(Math.min(clients, Runtime.getRuntime().availableProcessors())),
                "-t", Integer.toString(perClient), "-f", script.toString(), "-l",
                "--log-prefix=" + dir.resolve("tx")));
        cmd.addAll(connection());
        cmd.add(env("SB_DB_NAME", "switchboard"));
        String output = exec(cmd, "pgbench");
        Matcher m = TPS.matcher(output);
        if (!m.find()) {
            throw new BenchFailure("pgbench printed no tps line:\n" + output);
        }
        double tps = Double.parseDouble(m.group(1));
        List<Long> lat = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("tx")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String[] cols = line.trim().split("\\s+");
                    if (cols.length >= 3) {
                        lat.add(Long.parseLong(cols[2]) * 1_000L); // µs → ns
                    }
                }
                Files.delete(f);
            }
            Files.delete(script);
            Files.delete(dir);
        } catch (IOException | NumberFormatException e) {
            throw new BenchFailure("cannot read pgbench's transaction log in " + dir + ": " + e, e);
        }
        long[] latencies = lat.stream().mapToLong(Long::longValue).toArray();
        return new Pgbench(latencies, (long) (latencies.length / tps * 1e9));
    }

    private static String exec(List<String> cmd, String what) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new BenchFailure(what + " failed (exit " + p.exitValue() + "):\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new BenchFailure(what + " cannot run (is it installed? PostgreSQL's client tools): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure(what + " interrupted", e);
        }
    }

    // ------------------------------------------------------------------------------------------ output

    private void print(PrintStream out, Measured m, long[] latencies) {
        Bench.printTable(out, "messages", "message-service " + message + " vs pgbench on the same database", o,
                List.of(m.baseline(), m.send()));
        out.printf(Locale.ROOT, "sendMessage rate / INSERT rate = %.2f (target ≥ 0.50)%n",
                m.send().throughput() / m.baseline().throughput());
        out.printf(Locale.ROOT, "call → cmd 10007 frame at a connected device, pacing off, %d messages one after the "
                        + "other: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", latencies.length,
                percentile(latencies, 50), percentile(latencies, 99), percentile(latencies, 100));
    }

    private ObjectNode json(java.time.Instant started, Measured m, long[] latencies) {
        ObjectNode j = JSON.createObjectNode();
        j.put("bench", "messages").put("started", started.toString()).put("build", o.build())
                .put("concurrency", o.concurrency()).put("requests", o.requests());
        j.put("insertPerSecond", m.baseline().throughput()).put("insertP50Ms", m.baseline().percentileMs(50))
                .put("insertP99Ms", m.baseline().percentileMs(99));
        j.put("sendPerSecond", m.send().throughput()).put("sendP50Ms", m.send().percentileMs(50))
                .put("sendP99Ms", m.send().percentileMs(99)).put("sendUnexpected", m.send().unexpected());
        j.put("rateRatio", m.send().throughput() / m.baseline().throughput());
        j.put("toDeviceP50Ms", percentile(latencies, 50)).put("toDeviceP99Ms", percentile(latencies, 99))
                .put("toDeviceMessages", latencies.length);
        return j;
    }

    private static double percentile(long[] sortedNs, double p) {
        return ScenarioRunner.percentileMs(sortedNs, p);
    }
}
