package io.switchboard.sim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code java -jar simulators.jar sockets register|measure|report}: the idle-device benchmark (docs/PERFORMANCE.md,
 * "Idle device sockets"), driven by {@code bench/sockets}, which starts the callback-service builds and a private
 * Redis for each phase.
 * <ul>
 *   <li>{@code register}: a fresh merchant ({@code POST /admin/merchants}) and N devices ({@code registerDevice},
 *       signed Open API), written to a file (mode 600: it holds the device key);</li>
 *   <li>{@code measure}: against one callback-service and the Redis only it uses: an idle window with no device
 *       connected (the baseline), heap after a full GC, then N devices connect ({@link IdleSocketPool}) and stay
 *       silent for another window of the same length, heap again; Redis' counters ({@code INFO}) are read at both
 *       ends of each window;</li>
 *   <li>{@code report}: the phases' files side by side, as ratios.</li>
 * </ul>
 */
public final class IdleDevices {

    public static final String USAGE = """
            usage: sockets register --account URL --devices N --out FILE [--admin-token T] [--concurrency N] [--reuse]
                   sockets measure --label L --callback URL --pid PID --redis HOST:PORT --devices-file FILE --out FILE
                                   [--devices N] [--window S] [--settle S] [--connect-rate N]
                                   [--connect-concurrency N] [--retries N] [--build LABEL]
                   sockets report FILE...
              register: a fresh merchant and N registered devices (admin token: --admin-token or $SB_ADMIN_TOKEN);
                        --reuse keeps the devices of an existing --out file when it holds at least N and
                        account-service still knows its first and N-th device with its key ($SB_INTERNAL_TOKEN)
              measure:  Redis commands and heap of one callback-service (--pid) with 0, then N idle devices connected.
                        --window S  idle window per step, seconds (default 60; use a multiple of 10, the renewal period)
                        --settle S  wait after start-up and after connecting, before a window (default 20)
                        --connect-rate N handshakes a second (default 250), --connect-concurrency N at once (default 32),
                        --retries N more passes over failed handshakes (default 2)
                        Nothing but the service under test may use that Redis during a window: INFO is server-wide.
              report:   the measured phases side by side (stdout: tables and one JSON line starting {"bench":"sockets")
            exit code: 0 done, 1 setup or measurement failure, 2 bad arguments
            """;

    static final String OWNER_HASH = "sb:link:owner";
    private static final ObjectMapper JSON = new ObjectMapper();

    private IdleDevices() {
    }

    public static int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "register" -> register(options(rest, Set.of("--account", "--devices", "--out", "--admin-token",
                        "--concurrency", "--reuse")));
                case "measure" -> measure(options(rest, Set.of("--label", "--callback", "--pid", "--redis",
                        "--devices-file", "--out", "--devices", "--window", "--settle", "--connect-rate",
                        "--connect-concurrency", "--retries", "--build")));
                case "report" -> report(rest);
                default -> throw new IllegalArgumentException("unknown sockets command " + args[0]);
            };
        } catch (IllegalArgumentException e) {
            System.err.println("sockets: " + e.getMessage());
            System.err.print(USAGE);
            return 2;
        } catch (BenchFailure | IOException e) {
            System.err.println("BENCH FAILED: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("BENCH FAILED: interrupted");
            return 1;
        }
    }

    // ------------------------------------------------------------------------------------------ register

    static int register(Map<String, String> o) throws IOException, InterruptedException {
        String account = Bench.loopback(o.getOrDefault("--account", "http://127.0.0.1:8081"), "--account");
        int n = Bench.number(o, "--devices", 10_000, 1);
        int concurrency = Bench.number(o, "--concurrency", 8, 1);
        Path out = Path.of(required(o, "--out"));
        String token = o.getOrDefault("--admin-token", System.getenv("SB_ADMIN_TOKEN"));
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("no admin token: pass --admin-token or set SB_ADMIN_TOKEN");
        }
        PrintStream progress = System.err;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        if (o.containsKey("--reuse") && reusable(http, account, out, n, progress)) {
            return 0;
        }
        progress.println("sockets: creating a merchant (POST /admin/merchants, RSA 2048 in memory)");
        BenchMerchant merchant = BenchMerchant.create(http, account, token.trim());
        String prefix = "sock-" + BenchMerchant.hex(3) + "-";
        progress.printf("sockets: merchant %s; registering %d devices %s00000… (registerDevice, %d at once)%n",
                merchant.merchantId, n, prefix, concurrency);
        long start = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        Semaphore slots = new Semaphore(concurrency);
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n && failed.get() == null; i++) {
                String deviceNo = deviceNo(prefix, i);
                slots.acquire();
                workers.submit(() -> {
                    try {
                        try {
                            merchant.registerDevice(account, deviceNo);
                        } catch (BenchFailure first) {
                            // one retry: a busy shared machine can time a call out; a second failure is real
                            merchant.registerDevice(account, deviceNo);
                        }
                        int d = done.incrementAndGet();
                        if (d % 1_000 == 0) {
                            progress.printf("sockets: %d of %d devices registered%n", d, n);
                        }
                    } catch (RuntimeException e) {
                        failed.compareAndSet(null, e);
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        if (failed.get() != null) {
            throw new BenchFailure("registering the devices failed after " + done.get() + ": "
                    + failed.get().getMessage(), failed.get());
        }
        ObjectNode j = JSON.createObjectNode().put("merchantId", merchant.merchantId).put("appId", merchant.appId)
                .put("deviceKey", merchant.deviceKey).put("prefix", prefix).put("devices", n);
        Files.deleteIfExists(out);
        Files.createFile(out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(out, j.toString());
        progress.printf(Locale.ROOT, "sockets: %d devices registered in %.1f s (%s)%n", n,
                (System.nanoTime() - start) / 1e9, out);
        return 0;
    }

    /**
     * True when {@code file} lists at least {@code n} devices and account-service's internal look-up (what
     * callback-service asks at every handshake) still knows the first and the n-th, active, with the file's key.
     */
    private static boolean reusable(HttpClient http, String account, Path file, int n, PrintStream progress)
            throws InterruptedException {
        String token = System.getenv("SB_INTERNAL_TOKEN");
        if (!Files.isReadable(file) || token == null || token.isBlank()) {
            return false;
        }
        try {
            JsonNode f = JSON.readTree(Files.readString(file));
            if (f.path("devices").asInt() < n) {
                return false;
            }
            for (int i : new int[] {0, n - 1}) {
                String deviceNo = deviceNo(f.path("prefix").asText(), i);
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(account + "/internal/devices/"
                                + deviceNo)).timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token.trim())
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                JsonNode d = r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
                if (d == null || !d.path("active").asBoolean(false)
                        || !d.path("deviceKey").asText().equals(f.path("deviceKey").asText())) {
                    progress.printf("sockets: %s is not reusable (device %s: HTTP %d); registering afresh%n", file,
                            deviceNo, r.statusCode());
                    return false;
                }
            }
            progress.printf("sockets: reusing the %d devices %s… of merchant %s (%s)%n", f.path("devices").asInt(),
                    f.path("prefix").asText(), f.path("merchantId").asText(), file);
            return true;
        } catch (IOException e) {
            progress.println("sockets: cannot check " + file + " (" + e + "); registering afresh");
            return false;
        }
    }

    static String deviceNo(String prefix, int i) {
        return prefix + String.format(Locale.ROOT, "%05d", i);
    }

    // ------------------------------------------------------------------------------------------ measure

    static int measure(Map<String, String> o) throws IOException, InterruptedException {
        String label = required(o, "--label");
        String callback = Bench.loopback(required(o, "--callback"), "--callback");
        long pid = Bench.number(o, "--pid", 0, 1);
        String[] redisAt = required(o, "--redis").split(":");
        if (redisAt.length != 2 || !(redisAt[0].equals("127.0.0.1") || redisAt[0].equals("localhost"))) {
            throw new IllegalArgumentException("--redis must be 127.0.0.1:PORT (loopback only)");
        }
        JsonNode devices = JSON.readTree(Files.readString(Path.of(required(o, "--devices-file"))));
        int registered = devices.path("devices").asInt();
        int n = Bench.number(o, "--devices", registered, 1);
        if (n > registered) {
            throw new IllegalArgumentException("--devices " + n + " but only " + registered + " are registered");
        }
        int window = Bench.number(o, "--window", 60, 1);
        int settle = Bench.number(o, "--settle", 20, 0);
        int rate = Bench.number(o, "--connect-rate", 250, 1);
        int inFlight = Bench.number(o, "--connect-concurrency", 32, 1);
        int retries = Bench.number(o, "--retries", 2, 0);
        Path out = Path.of(required(o, "--out"));
        PrintStream progress = System.err;
        if (window < 30) {
            progress.println("sockets: WARNING --window " + window + " s is shorter than 3 renewal periods (30 s)");
        }

        List<String> deviceNos = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            deviceNos.add(deviceNo(devices.path("prefix").asText(), i));
        }
        JvmProbe jvm = new JvmProbe(pid);
        if (!jvm.alive()) {
            throw new BenchFailure("no process " + pid + " (the callback-service under test)");
        }
        ObjectNode j = JSON.createObjectNode();
        j.put("bench", "sockets-phase").put("label", label).put("build", o.getOrDefault("--build", ""))
                .put("callback", callback).put("devices", n).put("windowSeconds", window)
                .put("started", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("jdk", System.getProperty("java.version")).put("cores", Runtime.getRuntime().availableProcessors());

        try (RedisProbe redis = new RedisProbe(redisAt[0], Integer.parseInt(redisAt[1]))) {
            j.put("redisVersion", redis.snapshot().version());
            progress.printf("sockets[%s]: settling %d s after start-up, then the baseline: %d s idle, 0 devices%n",
                    label, settle, window);
            Thread.sleep(settle * 1_000L);
            j.set("baseline", idleWindow(redis, jvm, window, null));
            long heap0 = jvm.heapUsedAfterGc();
            long rss0 = jvm.rss();
            long fds0 = jvm.openFiles();
            long keys0 = redis.dbsize();
            progress.printf(Locale.ROOT, "sockets[%s]: heap after full GC with 0 devices: %.1f MiB; connecting %d "
                    + "devices (%d/s, %d at once)%n", label, heap0 / 1048576.0, n, rate, inFlight);

            try (IdleSocketPool pool = new IdleSocketPool(callback, deviceNos, devices.path("deviceKey").asText())) {
                IdleSocketPool.Opened opened = pool.open(rate, inFlight, retries, progress);
                ObjectNode c = j.putObject("connect");
                c.put("requested", opened.requested()).put("connected", opened.connected())
                        .put("seconds", round(opened.elapsedMs() / 1000.0, 1)).put("passes", opened.passes());
                ObjectNode f = c.putObject("failedHandshakes");
                opened.failures().forEach(f::put);
                ArrayNode s = c.putArray("samples");
                opened.samples().forEach(s::add);
                progress.printf(Locale.ROOT, "sockets[%s]: %d of %d devices connected in %.1f s (%d pass(es))%s%n",
                        label, opened.connected(), n, opened.elapsedMs() / 1000.0, opened.passes(),
                        opened.failures().isEmpty() ? "" : "; failed handshakes: " + opened.failures());
                if (opened.connected() == 0) {
                    throw new BenchFailure("no device could connect: " + opened.samples());
                }
                progress.printf("sockets[%s]: settling %d s, then %d s idle with the devices connected and silent%n",
                        label, settle, window);
                Thread.sleep(settle * 1_000L);
                int openBefore = pool.open();
                ObjectNode loaded = idleWindow(redis, jvm, window, pool);
                loaded.put("openAtStart", openBefore).put("openAtEnd", pool.open());
                j.set("loaded", loaded);
                long heapN = jvm.heapUsedAfterGc();
                int openAfterGc = pool.open();
                ObjectNode h = j.putObject("memory");
                h.put("heapUsedAfterGc0", heap0).put("heapUsedAfterGcN", heapN).put("openSockets", openAfterGc)
                        .put("heapPerSocketBytes", openAfterGc == 0 ? Double.NaN
                                : round((double) (heapN - heap0) / openAfterGc, 0))
                        .put("rss0", rss0).put("rssN", jvm.rss()).put("openFiles0", fds0)
                        .put("openFilesN", jvm.openFiles());
                ObjectNode k = j.putObject("redisKeys");
                k.put("dbsize0", keys0).put("dbsizeN", redis.dbsize()).put("linkOwnerFieldsN", redis.hlen(OWNER_HASH));
                j.put("droppedSockets", pool.dropped()).put("textFrames", pool.frames());
                ArrayNode ds = j.putArray("dropSamples");
                pool.dropSamples().forEach(ds::add);
                progress.printf(Locale.ROOT, "sockets[%s]: heap after full GC with %d sockets: %.1f MiB (%.0f bytes "
                        + "per socket); dropping the sockets%n", label, openAfterGc, heapN / 1048576.0,
                        (double) (heapN - heap0) / Math.max(1, openAfterGc));
            }
            // Let the service handle every close before it is stopped, so its shutdown does not race them: the
            // sockets are gone, and so is the per-link state in Redis (the old build deletes its lease key with
            // one EVAL per close, the new one its owner field).
            long dropAt = System.nanoTime();
            long deadline = dropAt + 120_000_000_000L;
            long fds;
            boolean settled;
            while (!(settled = (fds = jvm.openFiles()) <= fds0 + 100 && redis.dbsize() <= keys0 + 5
                    && redis.hlen(OWNER_HASH) == 0) && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            double closed = (System.nanoTime() - dropAt) / 1e9;
            j.put("closedSeconds", round(closed, 1)).put("closesHandled", settled).put("openFilesAfterClose", fds);
            progress.printf(Locale.ROOT, "sockets[%s]: %s %.1f s after the drop (service open files %d)%n", label,
                    settled ? "the service had handled every close" : "WARNING: the service had not handled every close",
                    closed, fds);
        }
        Files.writeString(out, j.toString());
        printPhase(System.out, j);
        return 0;
    }

    /** One idle window: Redis counters, the service's CPU and (with devices) the pings they answered. */
    private static ObjectNode idleWindow(RedisProbe redis, JvmProbe jvm, int seconds, IdleSocketPool pool)
            throws IOException, InterruptedException {
        long pings0 = pool == null ? 0 : pool.pings();
        long cpu0 = jvm.cpuNs();
        RedisProbe.Snapshot a = redis.snapshot();
        Thread.sleep(seconds * 1_000L);
        RedisProbe.Snapshot b = redis.snapshot();
        long cpu1 = jvm.cpuNs();
        RedisProbe.Window w = RedisProbe.Window.between(a, b);
        ObjectNode n = JSON.createObjectNode();
        n.put("seconds", round(w.seconds(), 3)).put("commands", w.commands())
                .put("commandsPerS", round(w.perSecond(w.commands()), 3))
                .put("scripts", w.scripts()).put("scriptsPerS", round(w.perSecond(w.scripts()), 3))
                .put("redisCpuMsPerS", round(1000 * w.redisCpuSeconds() / w.seconds(), 3))
                .put("serviceCpuMsPerS", cpu0 < 0 || cpu1 < 0 ? Double.NaN : round((cpu1 - cpu0) / 1e6 / w.seconds(), 2));
        ObjectNode calls = n.putObject("calls");
        w.calls().forEach(calls::put);
        if (pool != null) {
            n.put("pingsAnswered", pool.pings() - pings0);
        }
        return n;
    }

    static void printPhase(PrintStream out, JsonNode j) {
        JsonNode b = j.path("baseline");
        JsonNode l = j.path("loaded");
        out.printf(Locale.ROOT, "%n== sockets phase %s (%s): %d of %d devices connected, idle windows of %d s%n",
                j.path("label").asText(), j.path("build").asText(), j.path("connect").path("connected").asInt(),
                j.path("devices").asInt(), j.path("windowSeconds").asInt());
        out.printf(Locale.ROOT, "  Redis commands/s: %.2f with 0 devices, %.2f with the devices (scripts/s %.2f, %.2f)%n",
                b.path("commandsPerS").asDouble(), l.path("commandsPerS").asDouble(), b.path("scriptsPerS").asDouble(),
                l.path("scriptsPerS").asDouble());
        out.printf(Locale.ROOT, "  calls 0 devices: %s%n  calls N devices: %s%n", b.path("calls"), l.path("calls"));
        JsonNode m = j.path("memory");
        out.printf(Locale.ROOT, "  heap after full GC: %.1f MiB with 0, %.1f MiB with %d sockets: %.0f bytes per socket%n",
                m.path("heapUsedAfterGc0").asLong() / 1048576.0, m.path("heapUsedAfterGcN").asLong() / 1048576.0,
                m.path("openSockets").asInt(), m.path("heapPerSocketBytes").asDouble());
    }

    // ------------------------------------------------------------------------------------------ report

    static int report(String[] files) throws IOException {
        if (files.length == 0) {
            throw new IllegalArgumentException("report needs the phase files");
        }
        List<JsonNode> phases = new ArrayList<>();
        for (String f : files) {
            phases.add(JSON.readTree(Files.readString(Path.of(f))));
        }
        PrintStream out = System.out;
        JsonNode first = phases.getFirst();
        out.printf(Locale.ROOT, "%n== sockets: Redis commands per second and heap with N idle LINE devices on one "
                + "callback-service replica | idle windows of %d s | JDK %s, %d cores | Redis %s, private: only the "
                + "service under test is connected to it, one phase after the other%n",
                first.path("windowSeconds").asInt(), first.path("jdk").asText(), first.path("cores").asInt(),
                first.path("redisVersion").asText());
        out.printf("%-8s %-19s %9s %11s %11s %11s %11s %12s %12s%n", "phase", "build", "devices", "cmd/s at 0",
                "cmd/s at N", "added/s", "scripts/s+", "added/dev/10s", "redis CPU+");
        for (JsonNode p : phases) {
            double added = added(p);
            int n = p.path("connect").path("connected").asInt();
            out.printf(Locale.ROOT, "%-8s %-19s %9d %11.2f %11.2f %11.2f %11.2f %12.4f %9.1f ms/s%n",
                    p.path("label").asText(), p.path("build").asText(), n,
                    p.path("baseline").path("commandsPerS").asDouble(), p.path("loaded").path("commandsPerS").asDouble(),
                    added, p.path("loaded").path("scriptsPerS").asDouble() - p.path("baseline").path("scriptsPerS").asDouble(),
                    n == 0 ? Double.NaN : added * 10 / n,
                    p.path("loaded").path("redisCpuMsPerS").asDouble() - p.path("baseline").path("redisCpuMsPerS").asDouble());
        }
        out.println("commands per second added by the devices (with N minus with 0; a script's own calls are counted "
                + "too, as Redis counts them):");
        for (JsonNode p : phases) {
            out.printf("  %-8s %s%n", p.path("label").asText(), addedCalls(p));
        }
        if (phases.size() == 2) {
            double before = added(phases.get(0));
            double after = added(phases.get(1));
            out.printf(Locale.ROOT, "%s ÷ %s, commands/s added by the devices: %.5f (%s: %.2f/s, %s: %.2f/s)%n",
                    phases.get(1).path("label").asText(), phases.get(0).path("label").asText(),
                    before == 0 ? Double.NaN : after / before, phases.get(0).path("label").asText(), before,
                    phases.get(1).path("label").asText(), after);
        }
        out.printf("%-8s %9s %14s %14s %12s %12s %12s %10s %8s%n", "phase", "sockets", "heap at 0 MiB", "heap at N MiB",
                "heap/socket", "RSS/socket", "svc CPU+", "pings/s", "dropped");
        for (JsonNode p : phases) {
            JsonNode m = p.path("memory");
            int n = m.path("openSockets").asInt();
            JsonNode l = p.path("loaded");
            out.printf(Locale.ROOT, "%-8s %9d %14.1f %14.1f %10.2f KiB %8.2f KiB %7.1f ms/s %10.1f %8d%n",
                    p.path("label").asText(), n, m.path("heapUsedAfterGc0").asLong() / 1048576.0,
                    m.path("heapUsedAfterGcN").asLong() / 1048576.0, m.path("heapPerSocketBytes").asDouble() / 1024,
                    n == 0 ? Double.NaN : (m.path("rssN").asLong() - m.path("rss0").asLong()) / 1024.0 / n,
                    l.path("serviceCpuMsPerS").asDouble() - p.path("baseline").path("serviceCpuMsPerS").asDouble(),
                    l.path("pingsAnswered").asLong() / Math.max(1e-9, l.path("seconds").asDouble()),
                    p.path("droppedSockets").asInt());
        }
        for (JsonNode p : phases) {
            JsonNode c = p.path("connect");
            out.printf(Locale.ROOT, "  %-8s connect: %d of %d in %.1f s, %d pass(es)%s; Redis keys %d -> %d, %s fields "
                    + "%d; service open files %d -> %d%n", p.path("label").asText(), c.path("connected").asInt(),
                    c.path("requested").asInt(), c.path("seconds").asDouble(), c.path("passes").asInt(),
                    c.path("failedHandshakes").isEmpty() ? "" : ", failed handshakes " + c.path("failedHandshakes"),
                    p.path("redisKeys").path("dbsize0").asLong(), p.path("redisKeys").path("dbsizeN").asLong(),
                    OWNER_HASH, p.path("redisKeys").path("linkOwnerFieldsN").asLong(),
                    p.path("memory").path("openFiles0").asLong(), p.path("memory").path("openFilesN").asLong());
        }
        ObjectNode j = JSON.createObjectNode();
        j.put("bench", "sockets");
        ArrayNode ps = j.putArray("phases");
        phases.forEach(ps::add);
        out.println(j);
        return 0;
    }

    /** Commands per second the connected devices added (with N minus with 0). */
    static double added(JsonNode p) {
        return p.path("loaded").path("commandsPerS").asDouble() - p.path("baseline").path("commandsPerS").asDouble();
    }

    /** Per command, calls per second with N minus with 0, largest first; changes under 0.05/s are left out. */
    static String addedCalls(JsonNode p) {
        JsonNode b = p.path("baseline");
        JsonNode l = p.path("loaded");
        Map<String, Double> d = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        l.path("calls").fieldNames().forEachRemaining(names::add);
        b.path("calls").fieldNames().forEachRemaining(n -> {
            if (!names.contains(n)) {
                names.add(n);
            }
        });
        for (String name : names) {
            double v = l.path("calls").path(name).asLong() / l.path("seconds").asDouble()
                    - b.path("calls").path(name).asLong() / b.path("seconds").asDouble();
            if (Math.abs(v) >= 0.05) {
                d.put(name, v);
            }
        }
        StringBuilder s = new StringBuilder();
        d.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.comparingDouble(Math::abs))
                .reversed()).forEach(e -> s.append(s.isEmpty() ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %+.2f", e.getKey(), e.getValue())));
        return s.isEmpty() ? "(none)" : s.toString();
    }

    // ------------------------------------------------------------------------------------------ options

    private static Map<String, String> options(String[] args, Set<String> known) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!known.contains(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            if (args[i].equals("--reuse")) { // the one flag without a value
                m.put(args[i], "");
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            m.put(args[i], args[++i]);
        }
        return m;
    }

    private static String required(Map<String, String> m, String name) {
        String v = m.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing " + name);
        }
        return v;
    }

    private static double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
