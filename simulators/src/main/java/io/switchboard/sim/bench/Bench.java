package io.switchboard.sim.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code java -jar simulators.jar bench [options]}: the first benchmarks (docs/PERFORMANCE.md). Every scenario
 * compares its requests with a baseline request measured in the same run, with the same HTTP client, concurrency
 * and count, so the ratios say what Switchboard adds whatever the machine. Bounded: a preflight request per
 * variant, {@code --warmup} requests per variant (not counted), then {@code --requests} per variant, then it stops.
 * Traffic goes only to loopback URLs; anything else is refused.
 *
 * <p>Output: progress lines on stderr; on stdout a table per scenario and one JSON line per scenario (starting
 * {@code {"bench":}). Exit code 0 when every measured answer was the expected one, 1 otherwise or when the setup
 * failed, 2 on bad arguments.
 */
public final class Bench {

    public static final String USAGE = """
            usage: bench [options]
              --scenario S          gate, device, messages or all (default all = gate, device); comma-separated
              --account URL         account-service (default http://127.0.0.1:8081; loopback only)
              --callback URL        callback-service (default http://127.0.0.1:8084; loopback only)
              --message URL         message-service (default http://127.0.0.1:8082; loopback only)
              --admin-token T       the platform's admin token (default: $SB_ADMIN_TOKEN)
              --warmup N            requests per variant before measuring, not counted (default 5000)
              --requests N          measured requests per variant (default 10000)
              --concurrency N       requests in flight (default 16)
              --rounds N            split the measured requests into N rounds, alternating the order (default 4)
              --robots N            robot serials the device scenario's RobotHeart cycles through (default 100)
              --run-dir DIR         bin/up's .run directory, to read the services' pids for CPU accounting
              --build LABEL         a label for the build in the output (bench/run passes the git commit)
            exit code: 0 all answers as expected, 1 unexpected answers or setup failure, 2 bad arguments
            """;

    private static final Set<String> OPTIONS = Set.of("--scenario", "--account", "--callback", "--message", "--admin-token",
            "--warmup", "--requests", "--concurrency", "--rounds", "--robots", "--run-dir", "--build");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Bench() {
    }

    public static int run(String[] args) {
        BenchOptions o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(USAGE);
            return 2;
        }
        if (o == null) {
            System.out.print(USAGE);
            return 0;
        }
        try {
            return execute(o, System.out, System.err);
        } catch (BenchFailure e) {
            System.err.println("BENCH FAILED: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("BENCH FAILED: interrupted");
            return 1;
        }
    }

    static BenchOptions parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                return null;
            }
            if (!OPTIONS.contains(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            m.put(args[i], args[++i]);
        }
        String scenario = m.getOrDefault("--scenario", "all");
        List<String> scenarios = new ArrayList<>();
        for (String s : scenario.split(",")) {
            switch (s.trim()) {
                case "all" -> {
                    scenarios.add("gate");
                    scenarios.add("device");
                }
                case "gate", "device", "messages" -> scenarios.add(s.trim());
                default -> throw new IllegalArgumentException("unknown scenario " + s + " (gate, device, messages, all)");
            }
        }
        String token = m.getOrDefault("--admin-token", System.getenv("SB_ADMIN_TOKEN"));
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("no admin token: pass --admin-token or set SB_ADMIN_TOKEN");
        }
        int requests = number(m, "--requests", 10_000, 1);
        int rounds = number(m, "--rounds", 4, 1);
        if (rounds > requests) {
            throw new IllegalArgumentException("--rounds must not exceed --requests");
        }
        return new BenchOptions(scenarios.stream().distinct().toList(),
                loopback(m.getOrDefault("--account", "http://127.0.0.1:8081"), "--account"),
                loopback(m.getOrDefault("--callback", "http://127.0.0.1:8084"), "--callback"),
                loopback(m.getOrDefault("--message", "http://127.0.0.1:8082"), "--message"),
                token.trim(), number(m, "--warmup", 5_000, 0), requests, number(m, "--concurrency", 16, 1),
                rounds, number(m, "--robots", 100, 1),
                m.containsKey("--run-dir") ? Path.of(m.get("--run-dir")) : null, m.getOrDefault("--build", ""));
    }

    /** A whole-number option ({@code 10_000} allowed) of at least {@code min}; shared by the bench subcommands. */
    static int number(Map<String, String> m, String name, int fallback, int min) {
        String v = m.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.replace("_", ""));
            if (n < min) {
                throw new IllegalArgumentException(name + " must be at least " + min);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number");
        }
    }

    /** The benchmark never sends load off the machine. */
    static String loopback(String url, String name) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not a URL: " + url);
        }
        String host = u.getHost();
        if (!"http".equals(u.getScheme()) || host == null
                || !(host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"))) {
            throw new IllegalArgumentException(name + " must be an http URL on loopback (127.0.0.1), not " + url);
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static int execute(BenchOptions o, PrintStream out, PrintStream progress) throws InterruptedException {
        // HTTP/1.1 keep-alive: one connection per worker, as most merchants' clients talk to a load balancer.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        LoadRunner load = new LoadRunner(o.concurrency());
        CpuMeter meter = new CpuMeter(o.runDir());
        ScenarioRunner runner = new ScenarioRunner(load, meter, o, progress);
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        progress.println("bench: creating a merchant (POST /admin/merchants, RSA 2048 in memory)");
        BenchMerchant merchant = BenchMerchant.create(http, o.account(), o.adminToken());
        progress.println("bench: merchant " + merchant.merchantId + " app " + merchant.appId);

        boolean clean = true;
        for (String scenario : o.scenarios()) {
            ObjectNode extra = JSON.createObjectNode();
            if (scenario.equals("messages")) {
                clean &= new MessageScenario(o, merchant, http, progress).run(out, started, load, meter);
                continue;
            }
            List<Variant> variants;
            String target;
            if (scenario.equals("gate")) {
                GateScenario gate = new GateScenario(o.account(), merchant);
                progress.println("bench: gate: measuring the client's RSA2 sign/verify cost (single thread)");
                gate.cryptoReference().forEach(extra::put);
                variants = gate.variants();
                target = "account-service " + o.account();
            } else {
                String deviceNo = "bench-dev-" + BenchMerchant.hex(4);
                progress.println("bench: device: registerDevice " + deviceNo);
                merchant.registerDevice(o.account(), deviceNo);
                DeviceScenario device = new DeviceScenario(o.callback(), deviceNo, merchant.deviceKey,
                        BenchMerchant.hex(3), o.robots());
                // Device callbacks may name only the merchant's own robots: log each one in first.
                progress.println("bench: device: login of " + o.robots() + " robots on " + deviceNo);
                for (int i = 0; i < o.robots(); i++) {
                    merchant.loginRobot(o.account(), device.robot(i), deviceNo, DeviceScenario.phone(i));
                }
                device.preflight();
                variants = device.variants();
                target = "callback-service " + o.callback();
                extra.put("deviceNo", deviceNo).put("robots", o.robots());
            }
            List<ScenarioRunner.Measured> results = runner.run(scenario, variants);
            printTable(out, scenario, target, o, results);
            out.println(jsonLine(scenario, o, started, results, extra));
            out.flush();
            clean &= results.stream().allMatch(r -> r.unexpected() == 0);
        }
        return clean ? 0 : 1;
    }

    // ------------------------------------------------------------------------------------------ output

    static void printTable(PrintStream out, String scenario, String target, BenchOptions o,
                           List<ScenarioRunner.Measured> results) {
        ScenarioRunner.Measured base = results.stream().filter(r -> r.variant().baseline()).findFirst().orElseThrow();
        out.println();
        out.printf("== %s: %s | concurrency %d | warm-up %d + %d measured per variant in %d round(s) | %s%n",
                scenario, target, o.concurrency(), o.warmup(), o.requests(), o.rounds(), environment(o));
        out.printf("%-18s %-19s %6s %5s %9s %7s %7s %7s %8s %8s %8s%n", "variant", "expected", "ok", "other",
                "req/s", "p50 ms", "p99 ms", "max ms", "thr/base", "p50/base", "p99/base");
        for (ScenarioRunner.Measured r : results) {
            out.printf(Locale.ROOT, "%-18s %-19s %6d %5d %9.0f %7.2f %7.2f %7.1f %8.2f %8.2f %8.2f%n",
                    r.variant().name(), r.variant().expect(), r.ok(), r.unexpected(), r.throughput(),
                    r.percentileMs(50), r.percentileMs(99), r.percentileMs(100),
                    r.throughput() / base.throughput(), r.percentileMs(50) / base.percentileMs(50),
                    r.percentileMs(99) / base.percentileMs(99));
        }
        out.printf("CPU ms per request, by process (from /proc); how busy the %d cores were, and steal (time the "
                + "hypervisor gave to other guests):%n",
                Runtime.getRuntime().availableProcessors());
        out.printf("%-18s", "variant");
        for (String g : CpuMeter.GROUPS) {
            out.printf(" %9s", g);
        }
        out.printf(" %9s %6s %6s%n", "total", "busy", "steal");
        for (ScenarioRunner.Measured r : results) {
            out.printf("%-18s", r.variant().name());
            double total = 0;
            for (String g : CpuMeter.GROUPS) {
                double ms = r.cpuMsPerRequest(g);
                total += Double.isNaN(ms) ? 0 : ms;
                out.printf(Locale.ROOT, " %9.3f", ms);
            }
            out.printf(Locale.ROOT, " %9.3f %5.0f%% %5.0f%%%n", total,
                    r.cpu() == null ? Double.NaN : 100 * r.cpu().machineBusy(),
                    r.cpu() == null ? Double.NaN : 100 * r.cpu().machineSteal());
        }
        for (ScenarioRunner.Measured r : results) {
            out.printf("  %-18s %s%n", r.variant().name(), r.variant().what());
            for (String s : r.samples()) {
                out.printf("    unexpected: %s%n", s);
            }
        }
    }

    static String environment(BenchOptions o) {
        return "JDK " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.vendor") + "), "
                + Runtime.getRuntime().availableProcessors() + " cores"
                + (o.build().isEmpty() ? "" : ", build " + o.build());
    }

    static String jsonLine(String scenario, BenchOptions o, Instant started, List<ScenarioRunner.Measured> results,
                           ObjectNode extra) {
        ScenarioRunner.Measured base = results.stream().filter(r -> r.variant().baseline()).findFirst().orElseThrow();
        ObjectNode j = JSON.createObjectNode();
        j.put("bench", scenario).put("started", started.toString()).put("build", o.build())
                .put("jdk", System.getProperty("java.version")).put("cores", Runtime.getRuntime().availableProcessors())
                .put("concurrency", o.concurrency()).put("warmup", o.warmup()).put("requests", o.requests())
                .put("rounds", o.rounds()).put("baseline", base.variant().name());
        j.setAll(extra);
        ArrayNode vs = j.putArray("variants");
        for (ScenarioRunner.Measured r : results) {
            ObjectNode v = vs.addObject();
            v.put("name", r.variant().name()).put("expect", r.variant().expect())
                    .put("ok", r.ok()).put("unexpected", r.unexpected())
                    .put("reqPerS", round(r.throughput(), 1)).put("p50Ms", round(r.percentileMs(50), 3))
                    .put("p90Ms", round(r.percentileMs(90), 3)).put("p99Ms", round(r.percentileMs(99), 3))
                    .put("maxMs", round(r.percentileMs(100), 3)).put("meanMs", round(r.meanMs(), 3))
                    .put("throughputVsBaseline", round(r.throughput() / base.throughput(), 3))
                    .put("p50VsBaseline", round(r.percentileMs(50) / base.percentileMs(50), 3))
                    .put("p99VsBaseline", round(r.percentileMs(99) / base.percentileMs(99), 3));
            ObjectNode cpu = v.putObject("cpuMsPerRequest");
            for (String g : CpuMeter.GROUPS) {
                cpu.put(g, round(r.cpuMsPerRequest(g), 4));
            }
            if (r.cpu() != null) {
                v.put("machineBusy", round(r.cpu().machineBusy(), 3)).put("machineSteal", round(r.cpu().machineSteal(), 3));
            }
        }
        return j.toString();
    }

    private static double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
