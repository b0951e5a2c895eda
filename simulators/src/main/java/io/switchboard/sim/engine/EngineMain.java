package io.switchboard.sim.engine;

import io.switchboard.sim.engine.chat68.Chat68Engine;
import io.switchboard.sim.engine.imhttp.ImHttpApp;
import io.switchboard.sim.engine.linews.LineWsEngine;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code line-ws-engine | chat68-engine | im-http-app --port N [--control-port M] [--host H] [--path P]
 * [--password P]}: runs one engine simulator and its {@link ControlServer} until killed, one log line per request,
 * reply and push. Returns an exit code (2 for bad arguments).
 */
public final class EngineMain {

    public static final Set<String> COMMANDS = Set.of("line-ws-engine", "chat68-engine", "im-http-app");

    public static final String USAGE = """
            usage: line-ws-engine|chat68-engine|im-http-app --port N [options]
              --port N            the engine's port (0 = any free one)
              --control-port M    the HTTP control endpoint's port (default N+1; 0 = any free one)
              --host H            the address both bind to (default 127.0.0.1)
              --password P        line-ws-engine: every email's password (default secret);
                                  im-http-app: exportLogin's password (default 1111111111)
              --path P            im-http-app: the API path (default /api); pushes are at /ws
              --manual-pin        line-ws-engine: a first login waits for POST /confirm-pin
            """;

    private EngineMain() {
    }

    public static int run(String command, String[] args) throws InterruptedException {
        Map<String, String> options = new HashMap<>();
        boolean manualPin = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--manual-pin")) {
                manualPin = true;
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                return usage("bad argument " + args[i]);
            }
        }
        int port;
        int controlPort;
        try {
            port = Integer.parseInt(options.getOrDefault("--port", "-1"));
            controlPort = Integer.parseInt(options.getOrDefault("--control-port", port == 0 ? "0" : String.valueOf(port + 1)));
        } catch (NumberFormatException e) {
            return usage("--port and --control-port must be numbers");
        }
        if (port < 0 || port > 65535 || controlPort < 0 || controlPort > 65535) {
            return usage("--port is required (0-65535)");
        }
        String host = options.getOrDefault("--host", "127.0.0.1");
        EngineSimulator engine;
        try {
            engine = switch (command) {
                case "line-ws-engine" -> {
                    LineWsEngine e = LineWsEngine.start(host, port).manualPin(manualPin);
                    if (options.containsKey("--password")) {
                        e.password(options.get("--password"));
                    }
                    yield e;
                }
                case "chat68-engine" -> Chat68Engine.start(host, port);
                case "im-http-app" -> {
                    ImHttpApp a = ImHttpApp.start(host, port, options.getOrDefault("--path", "/api"));
                    if (options.containsKey("--password")) {
                        a.password(options.get("--password"));
                    }
                    yield a;
                }
                default -> throw new IllegalArgumentException("unknown simulator " + command);
            };
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        engine.logTo(EngineServer.stdout(command));
        ControlServer control;
        try {
            control = ControlServer.start(engine, host, controlPort);
        } catch (IOException e) {
            System.err.println("control endpoint cannot listen on " + host + ":" + controlPort + ": " + e.getMessage());
            engine.close();
            return 1;
        }
        System.out.println(command + " " + engine.protocol() + " at " + engine.url() + ", control at " + control.url());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            control.close();
            engine.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    private static int usage(String problem) {
        System.err.println(problem);
        System.err.print(USAGE);
        return 2;
    }
}
