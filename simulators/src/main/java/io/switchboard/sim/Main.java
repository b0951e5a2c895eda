package io.switchboard.sim;

import io.switchboard.sim.bench.Bench;
import io.switchboard.sim.bench.IdleDevices;
import io.switchboard.sim.demo.Demo;
import io.switchboard.sim.engine.EngineMain;
import io.switchboard.sim.line.DeviceAutopilot;
import io.switchboard.sim.line.LineDeviceSimulator;
import io.switchboard.sim.reliability.Reliability;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code java -jar simulators.jar line-device --url URL --device-no N --key K [options]}: runs one simulated LINE
 * device until killed, reconnecting the push socket when it drops, and logs one line per command and reply.
 * {@code java -jar simulators.jar demo --account URL --callback URL --admin-token T}: the LINE device story end to
 * end against a running platform ({@link Demo}, what {@code bin/demo} runs).
 * {@code java -jar simulators.jar line-ws-engine|chat68-engine|im-http-app --port N}: an engine simulator
 * ({@link EngineMain}) with its HTTP control endpoint.
 */
public final class Main {

    private static final String USAGE = """
            usage: line-device --url URL --device-no N --key K [options]
              --url URL             callback-service, e.g. http://127.0.0.1:8084
              --device-no N         the device number (registered with registerDevice)
              --key K               the merchant's device key
              --app-version V       app-version header (default %s)
              --protocol P          protocol header (default %s)
              --auto-login          answer cmd 10000 with the phone-code script (and 10009 with Logout)
              --auto-answer         answer cmds 10001-10008 and 10010 with the seed's sample results
              --heartbeat-ms N      DeviceHeart and RobotHeart interval (default 30000)
              --code-poll-ms N      get-phone-code polling interval (default 2000)
              --max-code-polls N    polls before RobotLoginFailure (default 90)
               or: demo --account URL --callback URL [--admin-token T]   (demo --help lists its options)
               or: bench [--scenario gate|device|all] [options]           (bench --help lists its options)
               or: reliability --root DIR [options]                      (reliability --help; reliability/run runs it)
               or: sockets register|measure|report [options]              (sockets --help; bench/sockets runs it)
               or: line-ws-engine|chat68-engine|im-http-app --port N [options] (engine simulators; --help)
            """.formatted(LineDeviceSimulator.DEFAULT_APP_VERSION, LineDeviceSimulator.DEFAULT_PROTOCOL);

    private static final Set<String> FLAGS = Set.of("--auto-login", "--auto-answer");

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("demo")) {
            System.exit(Demo.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("bench")) {
            System.exit(Bench.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("reliability")) {
            System.exit(Reliability.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("sockets")) {
            System.exit(IdleDevices.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && EngineMain.COMMANDS.contains(args[0])) {
            if (Arrays.asList(args).contains("--help")) {
                System.out.print(EngineMain.USAGE);
                System.exit(0);
            }
            System.exit(EngineMain.run(args[0], Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length == 0 || !args[0].equals("line-device")) {
            fail("unknown or missing sub-command");
        }
        Map<String, String> options = new HashMap<>();
        Set<String> flags = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            if (FLAGS.contains(args[i])) {
                flags.add(args[i]);
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                fail("bad argument " + args[i]);
            }
        }
        String url = required(options, "--url");
        String deviceNo = required(options, "--device-no");
        String key = required(options, "--key");
        long heartbeat = number(options, "--heartbeat-ms", 30_000);
        DeviceAutopilot.Settings settings = new DeviceAutopilot.Settings(
                flags.contains("--auto-login"), flags.contains("--auto-answer"),
                Duration.ofMillis(number(options, "--code-poll-ms", 2_000)),
                (int) number(options, "--max-code-polls", 90),
                Duration.ofMillis(heartbeat), Duration.ofMillis(heartbeat));

        LineDeviceSimulator sim = new LineDeviceSimulator(url, deviceNo,
                options.getOrDefault("--app-version", LineDeviceSimulator.DEFAULT_APP_VERSION),
                options.getOrDefault("--protocol", LineDeviceSimulator.DEFAULT_PROTOCOL), key)
                .logTo(line -> log(deviceNo, line));
        DeviceAutopilot pilot = new DeviceAutopilot(sim, settings, line -> log(deviceNo, line)).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pilot.close();
            sim.close();
        }));

        // Keep the push socket up: callback-service may restart or hand the device to another replica.
        long backoff = 1_000;
        while (true) {
            if (!sim.isConnected()) {
                try {
                    sim.connect();
                    backoff = 1_000;
                } catch (IOException e) {
                    log(deviceNo, e.getMessage() + "; retrying in " + backoff + " ms");
                    Thread.sleep(backoff);
                    backoff = Math.min(backoff * 2, 30_000);
                    continue;
                }
            }
            Thread.sleep(500);
        }
    }

    private static void log(String deviceNo, String line) {
        System.out.println(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " [" + deviceNo + "] " + line);
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            fail("missing " + name);
        }
        return value;
    }

    private static long number(Map<String, String> options, String name, long fallback) {
        try {
            return Long.parseLong(options.getOrDefault(name, String.valueOf(fallback)));
        } catch (NumberFormatException e) {
            fail(name + " must be a number");
            return fallback;
        }
    }

    private static void fail(String message) {
        System.err.println(message);
        System.err.print(USAGE);
        System.exit(2);
    }
}
