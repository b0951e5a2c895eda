package io.switchboard.sim.reliability;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar simulators.jar reliability --root DIR [options]}: the fault runs of issue 10 (what
 * {@code reliability/run} runs). Starts a private PostgreSQL and Redis and the packaged services of the checkout at
 * {@code --root}, runs each scenario, prints one table row per scenario. Exit 0 when every scenario met the target,
 * 1 when one did not, 2 on bad arguments or a failed set-up.
 */
public final class Reliability {
    static final String USAGE = """
            usage: reliability --root DIR [options]
              --root DIR            the checkout whose packaged services are started (required)
              --scenario LIST       all (default) or letters/ids: a endpoint-down, b callback-kill,
                                    c account-message-kill, d redis-flushall, e postgres-restart
              --size full|small     full (default): 10,000 events, endpoint down 60 s; small: 200 events, 8 s
              --events N            events per scenario (overrides the size)
              --endpoint-down S     seconds the merchant endpoint is down in scenario a
              --postgres-down S     seconds PostgreSQL stays stopped in scenario e
              --settle S            seconds to wait for every event after the fault ended
              --logs DIR            service logs (default DIR/.run/reliability/logs)
            """;

    private Reliability() {
    }

    public static int run(String[] args) {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.print(USAGE);
                return 0;
            }
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.print("bad argument " + args[i] + "\n" + USAGE);
                return 2;
            }
            opt.put(args[i], args[++i]);
        }
        PrintStream out = System.out;
        try {
            if (!opt.containsKey("--root")) {
                throw new IllegalArgumentException("--root is required");
            }
            Path root = Path.of(opt.get("--root")).toAbsolutePath();
            FaultOptions o = "small".equals(opt.get("--size")) ? FaultOptions.small() : FaultOptions.full();
            if (opt.containsKey("--events")) {
                o = o.withEvents(Integer.parseInt(opt.get("--events")));
            }
            if (opt.containsKey("--endpoint-down")) {
                o = o.withEndpointDown(Duration.ofSeconds(Long.parseLong(opt.get("--endpoint-down"))));
            }
            if (opt.containsKey("--postgres-down")) {
                o = o.withPostgresDown(Duration.ofSeconds(Long.parseLong(opt.get("--postgres-down"))));
            }
            if (opt.containsKey("--settle")) {
                o = o.withSettle(Duration.ofSeconds(Long.parseLong(opt.get("--settle"))));
            }
            List<Scenario> scenarios = Scenario.parse(opt.get("--scenario"));
            Path logs = Path.of(opt.getOrDefault("--logs", root.resolve(".run/reliability/logs").toString()));
            return run(root, logs, scenarios, o, out) ? 0 : 1;
        } catch (IllegalArgumentException e) {
            System.err.print(e.getMessage() + "\n" + USAGE);
            return 2;
        } catch (Exception e) {
            System.err.println("RELIABILITY FAILED: " + e);
            e.printStackTrace();
            return 2;
        }
    }

    /** Runs the scenarios on one platform and prints the table; true when every row met the target. */
    public static boolean run(Path root, Path logs, List<Scenario> scenarios, FaultOptions o, PrintStream out)
            throws Exception {
        Instant started = Instant.now();
        out.printf("fault runs %s: %s; %d events per scenario (a sendMessage every %d), %d devices x %d robots, "
                        + "%d callbacks in flight; endpoint down %d s, PostgreSQL down %d s, killed services restarted "
                        + "after %d s, settle %d s%n", started, scenarios.stream().map(s -> s.letter).toList(),
                o.events(), o.sendEvery(), o.devices(), o.robotsPerDevice(), o.concurrency(),
                o.endpointDown().toSeconds(), o.postgresDown().toSeconds(), o.restartAfter().toSeconds(),
                o.settle().toSeconds());
        List<FaultRow> rows = new ArrayList<>();
        try (FaultPlatform p = FaultPlatform.start(root, logs, out)) {
            Thread hook = new Thread(p::close); // a Ctrl-C still stops the private stores and services
            Runtime.getRuntime().addShutdownHook(hook);
            for (Scenario s : scenarios) {
                rows.add(new FaultRun(p, s, o, out).run());
            }
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        out.println();
        out.println(FaultRow.HEADER);
        out.println(FaultRow.RULE);
        rows.forEach(r -> out.println(r.tableRow()));
        out.println();
        rows.forEach(r -> out.println(r.scenario().letter + ") " + r.summary()));
        out.printf("total %d s%n", Duration.between(started, Instant.now()).toSeconds());
        return rows.stream().allMatch(FaultRow::meetsTarget);
    }
}
