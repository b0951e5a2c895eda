package io.switchboard.sim.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.sim.engine.EngineSimulator;
import io.switchboard.sim.engine.IncomingText;
import io.switchboard.sim.engine.chat68.Chat68Engine;
import io.switchboard.sim.engine.imhttp.ImHttpApp;
import io.switchboard.sim.engine.linews.LineWsEngine;
import io.switchboard.sim.line.DeviceAutopilot;
import io.switchboard.sim.line.LineDeviceSimulator;
import io.switchboard.sim.line.PushCommand;
import io.switchboard.sim.merchant.MerchantClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code java -jar simulators.jar demo --account URL --callback URL --admin-token T}: the LINE device story
 * told end to end against a running platform, through the same doors a real merchant and device use.
 *
 * <ol>
 *   <li>the merchant makes an RSA 2048 key pair in memory and starts a webhook receiver on a free loopback port;</li>
 *   <li>the admin creates the merchant ({@code POST /admin/merchants}) with that public key and receiver URL;</li>
 *   <li>the merchant registers a device ({@code registerDevice}); a {@link LineDeviceSimulator} connects with the
 *       merchant's device key and a {@link DeviceAutopilot} plays it;</li>
 *   <li>{@code login} with a cache_info over 1 KiB, so the device must fetch the content with GetPushContent; the
 *       device asks for an SMS code, the merchant hears it by webhook 1001 (nResultCode 10) and calls
 *       {@code submitPhoneCode}; the device reports success; {@code getRobot} shows the robot online and webhooks
 *       1001 (0) and 1007 (nstate 0) arrive; {@code getTask} shows the login command;</li>
 *   <li>{@code logout}: the device answers cmd 10009 with Logout; webhook 1004 arrives and the robot is in state 5;</li>
 *   <li>then one robot on each engine simulator (LINE_WS, CHAT68_WS, IM_HTTP): login (LINE_WS: a first email login,
 *       so webhook 1001 with nResultCode 11 and the PIN), 1001 and 1007, getRobot with the link state, an incoming
 *       message pushed by the engine, logout and 1004.</li>
 * </ol>
 *
 * Every webhook's signature is checked ({@link StandardWebhooks}). Each wait is bounded; the first thing that does
 * not happen ends the demo with exit code 1 and a message that says what was expected.
 */
public final class Demo {

    public static final String USAGE = """
            usage: demo --account URL --callback URL [--admin-token T] [options]
              --account URL         account-service, e.g. http://127.0.0.1:8081
              --callback URL        callback-service, e.g. http://127.0.0.1:8084
              --admin-token T       the platform's admin token (default: $SB_ADMIN_TOKEN)
              --wait-seconds N      limit for each asynchronous step (default 30)
              --phone P             the robot's phone, with country code (default 8613189639268)
            exit code: 0 the whole story happened, 1 a step failed (the message says which), 2 bad arguments
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration POLL = Duration.ofMillis(250);

    private final String account;
    private final String callback;
    private final String adminToken;
    private final Duration wait;
    private final String phone;
    private final DemoLog log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private WebhookReceiver receiver;
    private LineDeviceSimulator device;
    private DeviceAutopilot autopilot;
    private String merchantId;

    Demo(String account, String callback, String adminToken, Duration wait, String phone, PrintStream out) {
        this.account = stripSlash(account);
        this.callback = stripSlash(callback);
        this.adminToken = adminToken;
        this.wait = wait;
        this.phone = phone;
        this.log = new DemoLog(out);
    }

    /** Parses the arguments (after {@code demo}), runs the story, and returns the process exit code. */
    public static int run(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.print(USAGE);
                return 0;
            }
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                return usage("bad argument " + args[i]);
            }
            options.put(args[i], args[++i]);
        }
        for (String name : options.keySet()) {
            if (!List.of("--account", "--callback", "--admin-token", "--wait-seconds", "--phone").contains(name)) {
                return usage("unknown option " + name);
            }
        }
        String account = options.get("--account");
        String callback = options.get("--callback");
        String token = options.getOrDefault("--admin-token", System.getenv("SB_ADMIN_TOKEN"));
        if (account == null || callback == null) {
            return usage("--account and --callback are required");
        }
        if (token == null || token.isBlank()) {
            return usage("no admin token: pass --admin-token or set SB_ADMIN_TOKEN (bin/up keeps it in .run/admin-token)");
        }
        long seconds;
        try {
            seconds = Long.parseLong(options.getOrDefault("--wait-seconds", "30"));
        } catch (NumberFormatException e) {
            return usage("--wait-seconds must be a number");
        }
        if (seconds < 1) {
            return usage("--wait-seconds must be at least 1");
        }
        return new Demo(account, callback, token.trim(), Duration.ofSeconds(seconds),
                options.getOrDefault("--phone", "8613189639268"), System.out).execute();
    }

    private static int usage(String message) {
        System.err.println("demo: " + message);
        System.err.print(USAGE);
        return 2;
    }

    /** Runs the story; 0 when everything happened, 1 otherwise. */
    int execute() {
        try {
            story();
            return 0;
        } catch (DemoFailure e) {
            fail(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        } catch (RuntimeException | IOException | GeneralSecurityException e) {
            fail("unexpected error: " + e + "\n  Is the platform up (./bin/up)? Service logs are in .run/logs/.");
        } finally {
            if (autopilot != null) {
                autopilot.close();
            }
            if (device != null) {
                device.close();
            }
            if (receiver != null) {
                receiver.close();
            }
        }
        return 1;
    }

    private void fail(String message) {
        log.plain("");
        System.out.flush();
        System.err.println("DEMO FAILED: " + message);
    }

    // ------------------------------------------------------------------------------------------ the story

    private void story() throws IOException, InterruptedException, GeneralSecurityException {
        log.plain("Switchboard demo: a merchant, a simulated LINE device, three simulated engines and a webhook receiver");
        log.plain("  account-service  " + account);
        log.plain("  callback-service " + callback);
        log.plain("  each asynchronous step waits at most " + wait.toSeconds() + " s");

        log.step("the merchant makes its Open API key pair");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, RANDOM);
        KeyPair keys = generator.generateKeyPair();
        byte[] spki = keys.getPublic().getEncoded();
        log.line("merchant", "generated RSA 2048 in memory; public key: PEM SubjectPublicKeyInfo, SHA-256 "
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki), 0, 8) + "...");

        log.step("the merchant starts its webhook receiver");
        receiver = new WebhookReceiver(this::printDelivery);
        log.line("webhook", "listening on " + receiver.url() + " (checks every Standard Webhooks signature)");

        log.step("the admin creates the merchant (POST /admin/merchants)");
        String name = "demo-" + hex(4);
        JsonNode merchant = createMerchant(name, pem(spki), receiver.url());
        merchantId = merchant.path("merchantId").asText();
        String appId = merchant.path("appId").asText();
        String deviceKey = merchant.path("deviceKey").asText();
        String webhookSecret = merchant.path("webhookSecret").asText();
        if (merchantId.isEmpty() || appId.isEmpty() || deviceKey.isEmpty() || !webhookSecret.startsWith("whsec_")) {
            throw new DemoFailure("POST /admin/merchants answered without merchantId/appId/deviceKey/webhookSecret: "
                    + merchant);
        }
        receiver.secret(webhookSecret);
        MerchantClient merchantApi = new MerchantClient(merchantId, appId, keys.getPrivate());

        log.step("the merchant registers its LINE device (registerDevice)");
        String deviceNo = "demo-dev-" + hex(4);
        JsonNode registered = call(merchantApi, account, "registerDevice", Map.of("device_no", deviceNo));
        if (!registered.path("created").asBoolean(false)) {
            throw new DemoFailure("registerDevice did not create device " + deviceNo + ": " + registered);
        }

        log.step("the simulated device connects its push socket (DeviceAutopilot plays the device)");
        device = new LineDeviceSimulator(callback, deviceNo, deviceKey).logTo(l -> log.line("device", l));
        // Auto login: cmd 10000 runs the SMS-code script, cmd 10009 posts Logout. Heartbeats every 10 s.
        autopilot = new DeviceAutopilot(device, new DeviceAutopilot.Settings(true, false, Duration.ofSeconds(1),
                (int) Math.max(10, wait.toSeconds() * 2), Duration.ofSeconds(10), Duration.ofSeconds(10)),
                l -> log.line("device", l)).start();
        try {
            device.connect();
        } catch (IOException e) {
            throw new DemoFailure("the device could not open its push socket: " + e.getMessage());
        }
        if (!device.deviceHeart().success()) {
            throw new DemoFailure("DeviceHeart was refused (see the device line above)");
        }

        log.step("the merchant logs a robot in on that device (login)");
        String robot = "demo-robot-" + hex(4);
        String password = "pw-" + hex(8);
        String cacheInfo = cacheInfo();
        Map<String, Object> login = new LinkedHashMap<>();
        login.put("vcRobotSerialNo", robot);
        login.put("protocol", "LINE_DEVICE");
        login.put("phone", phone);
        login.put("country_code", "86");
        login.put("username", "demo");
        login.put("password", password);
        login.put("device_no", deviceNo);
        login.put("is_cache_login", "false");
        login.put("cache_info", cacheInfo);
        String shown = "vcRobotSerialNo=" + robot + " phone=" + phone + " device_no=" + deviceNo
                + " password=<hidden> is_cache_login=false cache_info=<" + cacheInfo.length() + " chars of base64>";
        MerchantClient.Reply accepted = callReply(merchantApi, account, "login", login, shown);
        String loginSerial = accepted.serialNo();

        log.step("the device receives cmd 10000; its content is over 1 KiB, so it fetches it (GetPushContent)");
        PushCommand cmd = awaitCommand(10000, loginSerial);
        if (cmd.cmdType() != 1) {
            throw new DemoFailure("cmd 10000 came with cmd_type " + cmd.cmdType() + "; content over 1 KiB should come "
                    + "by reference (cmd_type 1)");
        }
        if (cmd.contentMissing()) {
            throw new DemoFailure("GetPushContent did not return the login content: " + cmd.contentReply());
        }
        if (!password.equals(cmd.content().path("password").asText())
                || !cacheInfo.equals(cmd.content().path("cache_info").asText())
                || !phone.equals(cmd.content().path("phone").asText())) {
            throw new DemoFailure("the login content the device fetched differs from what the merchant sent");
        }
        log.line("device", "cmd 10000 serial_no=" + cmd.serialNo() + " cmd_type=1, robot_serial_no="
                + cmd.frame().path("robot_serial_no").asText("?") + "; fetched content (" + cmd.content().toString().length()
                + " chars): phone, password and cache_info match what the merchant sent");

        log.step("the device asks for an SMS code; the merchant hears it (webhook 1001, nResultCode 10)");
        awaitWebhook("1001 nResultCode 10 (SMS code needed)", d -> isFor(d, 1001, robot) && d.resultCode() == 10);
        log.line("merchant", "the robot needs the SMS code that was sent to " + phone);

        log.step("the merchant submits the SMS code (submitPhoneCode)");
        String code = String.valueOf(100_000 + RANDOM.nextInt(900_000));
        Map<String, String> submit = new LinkedHashMap<>();
        submit.put("vcRobotSerialNo", robot);
        submit.put("code", code);
        call(merchantApi, account, "submitPhoneCode", submit);

        log.step("the device polls the code, reports RobotLoginSuccess; the robot goes online");
        JsonNode online = awaitRobotState(merchantApi, robot, 0);
        log.line("merchant", "robot " + robot + " online: phone=" + online.path("phone").asText()
                + " username=" + online.path("username").asText() + " lineVersion=" + online.path("lineVersion").asText()
                + " lastHeartbeat=" + (online.path("lastHeartbeat").isNumber()
                        ? Instant.ofEpochMilli(online.path("lastHeartbeat").asLong()) : "none"));
        WebhookReceiver.Delivery loginResult = awaitWebhook("1001 nResultCode 0 (login succeeded)",
                d -> isFor(d, 1001, robot) && d.resultCode() == 0);
        awaitWebhook("1007 nstate 0 (online)",
                d -> isFor(d, 1007, robot) && d.json().path("data").path("nstate").asInt(-1) == 0);
        if (!loginSerial.equals(loginResult.json().path("optvcSerNo").asText())) {
            throw new DemoFailure("webhook 1001 names serial " + loginResult.json().path("optvcSerNo").asText()
                    + ", not the login's " + loginSerial);
        }

        log.step("the merchant reads the login command (getTask)");
        showTask(merchantApi, loginSerial, "login");

        log.step("the merchant logs the robot out (logout)");
        String logoutSerial = callReply(merchantApi, account, "logout", Map.of("vcRobotSerialNo", robot),
                "vcRobotSerialNo=" + robot).serialNo();

        log.step("the device receives cmd 10009 and reports Logout");
        PushCommand bye = awaitCommand(10009, logoutSerial);
        log.line("device", "cmd 10009 serial_no=" + bye.serialNo() + " cmd_type=" + bye.cmdType()
                + "; the autopilot answers with LineProtocol/Logout");

        log.step("the merchant hears webhook 1004 and sees state 5 (logged out)");
        WebhookReceiver.Delivery loggedOut = awaitWebhook("1004 (logged out)",
                d -> isFor(d, 1004, robot) && d.resultCode() == 0);
        if (!logoutSerial.equals(loggedOut.json().path("optvcSerNo").asText())) {
            throw new DemoFailure("webhook 1004 names serial " + loggedOut.json().path("optvcSerNo").asText()
                    + ", not the logout's " + logoutSerial);
        }
        awaitRobotState(merchantApi, robot, 5);
        showTask(merchantApi, logoutSerial, "logout");

        autopilot.close();
        device.close(); // closes the push socket, so its last line comes before the engines
        List<String> engineRobots = new java.util.ArrayList<>();
        for (String protocol : List.of("LINE_WS", "CHAT68_WS", "IM_HTTP")) {
            engineRobots.add(engineRobot(merchantApi, protocol) + " (" + protocol + ")");
        }

        List<WebhookReceiver.Delivery> all = receiver.all();
        long bad = all.stream().filter(d -> !d.verdict().ok()).count();
        if (bad > 0) {
            throw new DemoFailure(bad + " of " + all.size() + " webhooks failed signature verification (see above)");
        }
        long distinct = all.stream().map(WebhookReceiver.Delivery::id).distinct().count();
        log.plain("");
        log.plain("DEMO OK: robot " + robot + " logged in on device " + deviceNo + " with an SMS code, went online and "
                + "logged out; engine robots " + String.join(", ", engineRobots) + " logged in, received a message "
                + "and logged out; " + distinct + " webhooks received (" + all.size() + " deliveries), every "
                + "signature verified.");
    }

    /**
     * One robot on a simulated engine (docs/ENGINES.md): login with its engine_url, 1001 and 1007, the link state in
     * getRobot, an incoming message pushed by the engine, logout and 1004. Returns the robot's serial.
     */
    private String engineRobot(MerchantClient api, String protocol) throws IOException, InterruptedException {
        String password = "pw-" + hex(6);
        EngineSimulator engine = switch (protocol) {
            case "LINE_WS" -> LineWsEngine.start(0).password(password);
            case "CHAT68_WS" -> Chat68Engine.start(0);
            default -> ImHttpApp.start(0).password(password);
        };
        try (engine) {
            engine.logTo(l -> log.line(protocol.toLowerCase(), DemoLog.abbreviate(l, 160)));
            log.step("a " + protocol + " engine simulator listens on " + engine.url()
                    + "; the merchant logs a robot in on it (login)");
            String robot = "demo-" + protocol.toLowerCase().replace('_', '-') + "-" + hex(3);
            Map<String, Object> login = new LinkedHashMap<>();
            login.put("vcRobotSerialNo", robot);
            login.put("protocol", protocol);
            login.put("engine_url", engine.url());
            String shown = "vcRobotSerialNo=" + robot + " protocol=" + protocol + " engine_url=" + engine.url();
            if (protocol.equals("LINE_WS")) {
                login.put("email", robot + "@example.com");
                login.put("password", password);
                shown += " email=" + robot + "@example.com password=<hidden> (first login: the engine shows a PIN)";
            } else if (protocol.equals("IM_HTTP")) {
                login.put("password", password);
                shown += " password=<hidden>";
            } else {
                shown += " (the 68chat app behind the engine is logged in already)";
            }
            String loginSerial = callReply(api, account, "login", login, shown).serialNo();
            if (protocol.equals("LINE_WS")) {
                WebhookReceiver.Delivery pin = awaitWebhook("1001 nResultCode 11 (PIN on the phone)",
                        d -> isFor(d, 1001, robot) && d.resultCode() == 11);
                log.line("merchant", "the robot's phone shows PIN " + pin.json().path("data").path("pin").asText()
                        + "; the simulated person types it, the engine answers and issues a cert (kept encrypted)");
            }
            awaitWebhook("1001 nResultCode 0 (login succeeded)", d -> isFor(d, 1001, robot) && d.resultCode() == 0);
            awaitWebhook("1007 nstate 0 (online)",
                    d -> isFor(d, 1007, robot) && d.json().path("data").path("nstate").asInt(-1) == 0);
            JsonNode online = awaitRobotState(api, robot, 0);
            log.line("merchant", "getRobot: protocol=" + online.path("protocol").asText() + " engineUrl="
                    + online.path("engineUrl").asText() + " link=" + online.path("link"));
            showTask(api, loginSerial, "login");

            log.step("the engine pushes an incoming message; callback-service turns it into message.received, "
                    + "message-service stores it and tells the merchant (1005)");
            String text = "hello robot, from " + protocol;
            String messageId = engine.pushIncomingText(IncomingText.direct(text)).messageId();
            log.line(protocol.toLowerCase(), "pushed message " + messageId);
            awaitWebhook("1005 (the incoming message)", d -> isFor(d, 1005, robot)
                    && text.equals(d.json().path("data").path("Content").asText()));

            log.step("the merchant logs the " + protocol + " robot out (logout)");
            String logoutSerial = callReply(api, account, "logout", Map.of("vcRobotSerialNo", robot),
                    "vcRobotSerialNo=" + robot).serialNo();
            awaitWebhook("1004 (logged out)", d -> isFor(d, 1004, robot) && d.resultCode() == 0);
            awaitRobotState(api, robot, 5);
            showTask(api, logoutSerial, "logout");
            return robot;
        }
    }

    // ----------------------------------------------------------------------------------------- merchant

    private JsonNode createMerchant(String name, String publicKeyPem, String callbackUrl)
            throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("name", name, "rsaPublicKey", publicKeyPem,
                "callbackUrl", callbackUrl));
        log.line("admin", "-> POST " + account + "/admin/merchants name=" + name
                + " rsaPublicKey=<PEM, RSA 2048> callbackUrl=" + callbackUrl);
        HttpResponse<String> r = admin("POST", account + "/admin/merchants", body);
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new DemoFailure("the admin token was refused (HTTP " + r.statusCode() + "). Use the token the "
                    + "platform was started with: $SB_ADMIN_TOKEN, or .run/admin-token when bin/up generated it");
        }
        if (r.statusCode() != 201) {
            throw new DemoFailure("POST /admin/merchants answered HTTP " + r.statusCode() + ": " + r.body());
        }
        JsonNode m = JSON.readTree(r.body());
        log.line("admin", "<- 201 merchantId=" + m.path("merchantId").asText() + " appId=" + m.path("appId").asText()
                + " deviceKey=<" + m.path("deviceKey").asText().length() + " chars> webhookSecret=whsec_<hidden>"
                + " (both shown only this once)");
        return m;
    }

    /** A signed Open API call that must succeed; logs what was sent and what came back; returns {@code data}. */
    private JsonNode call(MerchantClient api, String baseUrl, String operation, Map<String, ?> data) {
        return callReply(api, baseUrl, operation, data, describe(data)).data();
    }

    private MerchantClient.Reply callReply(MerchantClient api, String baseUrl, String operation, Map<String, ?> data,
                                           String shown) {
        log.line("merchant", "-> " + operation + " " + shown);
        MerchantClient.Reply r = api.call(baseUrl, operation, data);
        if (!r.success()) {
            throw new DemoFailure(operation + " was refused: HTTP " + r.status() + " nErrorCode="
                    + r.errorCode() + " vcErrorMsg=" + r.body().path("vcErrorMsg").asText() + " (vcSerialNo "
                    + r.serialNo() + ")");
        }
        log.line("merchant", "<- " + r.status() + " vcSerialNo=" + r.serialNo() + " data="
                + DemoLog.abbreviate(r.data().toString(), 160));
        return r;
    }

    /** Polls {@code getRobot} until {@code nState} is {@code state}; prints each state seen. */
    private JsonNode awaitRobotState(MerchantClient api, String robot, int state) throws InterruptedException {
        log.line("merchant", "-> getRobot vcRobotSerialNo=" + robot + " (every " + POLL.toMillis()
                + " ms until nState=" + state + ")");
        long deadline = System.nanoTime() + wait.toNanos();
        int last = Integer.MIN_VALUE;
        while (true) {
            MerchantClient.Reply r = api.call(account, "getRobot", Map.of("vcRobotSerialNo", robot));
            if (!r.success()) {
                throw new DemoFailure("getRobot was refused: HTTP " + r.status() + " nErrorCode=" + r.errorCode()
                        + " " + r.body().path("vcErrorMsg").asText());
            }
            int now = r.data().path("nState").asInt(-1);
            if (now != last) {
                log.line("merchant", "<- nState=" + now + " (" + r.data().path("vcState").asText() + ")");
                last = now;
            }
            if (now == state) {
                return r.data();
            }
            if (System.nanoTime() > deadline) {
                throw new DemoFailure("robot " + robot + " did not reach nState " + state + " within "
                        + wait.toSeconds() + " s; it is " + now + " (" + r.data().path("vcState").asText() + ")");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private void showTask(MerchantClient api, String serial, String operation) {
        JsonNode task = call(api, callback, "getTask", Map.of("vcSerialNo", serial));
        if (!"SUCCEEDED".equals(task.path("status").asText())) {
            throw new DemoFailure("getTask " + serial + ": status " + task.path("status").asText()
                    + " (reason: " + task.path("reason").asText() + "), expected SUCCEEDED");
        }
        if (!operation.equals(task.path("operation").asText())) {
            throw new DemoFailure("getTask " + serial + " is operation " + task.path("operation").asText()
                    + ", expected " + operation);
        }
        long created = task.path("createdAt").asLong();
        log.line("merchant", "task " + operation + " " + task.path("status").asText() + ": sent over the robot's link after "
                + (task.path("pushedAt").asLong(created) - created) + " ms, completed after "
                + (task.path("completedAt").asLong(created) - created) + " ms");
    }

    // ------------------------------------------------------------------------------------------- device

    private PushCommand awaitCommand(int cmd, String serial) throws InterruptedException {
        PushCommand c = device.awaitCommand(p -> p.cmd() == cmd && serial.equals(p.serialNo()), wait);
        if (c == null) {
            throw new DemoFailure("the device received no cmd " + cmd + " (serial " + serial + ") within "
                    + wait.toSeconds() + " s" + commandHint(serial));
        }
        return c;
    }

    /** Best effort: what callback-service knows about a command, for failure messages. */
    private String commandHint(String serial) {
        try {
            HttpResponse<String> r = admin("GET", callback + "/admin/commands/" + enc(serial), null);
            if (r.statusCode() != 200) {
                return "; GET /admin/commands/" + serial + " answered HTTP " + r.statusCode();
            }
            JsonNode c = JSON.readTree(r.body());
            return "; callback-service has the command as " + c.path("status").asText()
                    + (c.path("reason").asText("").isEmpty() ? "" : " (" + c.path("reason").asText() + ")");
        } catch (IOException | RuntimeException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    // ------------------------------------------------------------------------------------------ webhooks

    private static boolean isFor(WebhookReceiver.Delivery d, int nType, String robot) {
        return d.nType() == nType && robot.equals(d.json().path("optvcRobotSerialNo").asText());
    }

    private WebhookReceiver.Delivery awaitWebhook(String what, Predicate<WebhookReceiver.Delivery> match)
            throws InterruptedException {
        try {
            return receiver.await(what, match, wait);
        } catch (DemoFailure e) {
            throw new DemoFailure(e.getMessage() + deliveryHint());
        }
    }

    /** Best effort: callback-service's delivery records for this merchant, for failure messages. */
    private String deliveryHint() {
        try {
            HttpResponse<String> r = admin("GET", callback + "/admin/deliveries?limit=10&merchantId=" + enc(merchantId),
                    null);
            if (r.statusCode() != 200) {
                return "";
            }
            StringBuilder s = new StringBuilder("\n  callback-service's deliveries for " + merchantId + ":");
            JsonNode items = JSON.readTree(r.body());
            for (JsonNode d : items.isArray() ? items : items.path("items")) {
                s.append("\n    ").append(d.path("nType").asText()).append(' ').append(d.path("status").asText())
                        .append(" attempts=").append(d.path("attemptCount").asText())
                        .append(d.path("lastError").isNull() ? "" : " lastError=" + d.path("lastError").asText());
            }
            return s.toString();
        } catch (IOException | RuntimeException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private void printDelivery(WebhookReceiver.Delivery d) {
        if (!d.verdict().ok()) {
            log.line("webhook", "<- POST with a BAD SIGNATURE (" + d.verdict().reason() + "), answered 401: "
                    + DemoLog.abbreviate(d.text(), 160));
            return;
        }
        if (d.json() == null) {
            log.line("webhook", "<- signed but not JSON: " + DemoLog.abbreviate(d.text(), 160));
            return;
        }
        JsonNode j = d.json();
        String msg = j.path("vcResultMsg").asText("");
        log.line("webhook", "<- " + d.nType() + " (" + typeName(d.nType()) + ") nResultCode=" + d.resultCode()
                + (msg.isEmpty() ? "" : " vcResultMsg=\"" + DemoLog.abbreviate(msg, 80) + "\"")
                + " optvcSerNo=" + j.path("optvcSerNo").asText()
                + " data=" + DemoLog.abbreviate(j.path("data").toString(), 120)
                + " - signature ok" + (d.repeat() ? " (a repeat of webhook-id " + d.id() + ")" : ""));
    }

    private static String typeName(int nType) {
        return switch (nType) {
            case 1001 -> "login";
            case 1004 -> "logout";
            case 1007 -> "account state";
            default -> "type " + nType;
        };
    }

    // ------------------------------------------------------------------------------------------- helpers

    private HttpResponse<String> admin(String method, String url, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + adminToken);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new DemoFailure("cannot connect to " + URI.create(url).resolve("/") + ": is the platform up? "
                    + "(./bin/up)", e);
        }
    }

    /** A base64 cache_info like the device's (a JSON token document), over 1 KiB so the content goes by reference. */
    private static String cacheInfo() {
        String doc = "{\"AuthToken\":\"" + hex(600) + "\",\"Certificate\":\"" + hex(100) + "\",\"ExpireTime\":\""
                + OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(30).truncatedTo(ChronoUnit.SECONDS) + "\"}";
        return Base64.getEncoder().encodeToString(doc.getBytes(StandardCharsets.UTF_8));
    }

    static String pem(byte[] spki) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(spki)
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static String describe(Map<String, ?> data) {
        StringBuilder s = new StringBuilder();
        data.forEach((k, v) -> s.append(s.isEmpty() ? "" : " ").append(k).append('=').append(v));
        return s.toString();
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
