package io.switchboard.sim.reliability;

import io.switchboard.sim.bench.BenchMerchant;
import io.switchboard.sim.merchant.MerchantClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One scenario: a fresh merchant whose webhooks go to a {@link Receiver}, devices with logged-in robots, a burst of
 * inbound messages (each a 1005 webhook) with a {@code sendMessage} command every {@code sendEvery} events (each a
 * 1005 result webhook), the fault injected while the burst runs, then a wait until every event arrived or
 * {@code settle} passed, and the count.
 */
public final class FaultRun {
    private static final Set<String> FINAL = Set.of("SENT", "FAILED");

    private final FaultPlatform p;
    private final Scenario scenario;
    private final FaultOptions o;
    private final PrintStream log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Counters counters = new Counters();

    private record Robot(DeviceRig rig, String serialNo, String phone) {}

    public FaultRun(FaultPlatform p, Scenario scenario, FaultOptions o, PrintStream log) {
        this.p = p;
        this.scenario = scenario;
        this.o = o;
        this.log = log;
    }

    public FaultRow run() throws Exception {
        String account = p.services.url(FaultPlatform.ACCOUNT);
        String message = p.services.url(FaultPlatform.MESSAGE);
        List<String> callbacks = List.of(p.services.url(FaultPlatform.CALLBACK_A), p.services.url(FaultPlatform.CALLBACK_B));
        long bound = o.settle().multipliedBy(2).plus(o.endpointDown()).plusMinutes(5).toNanos();
        long deadline = System.nanoTime() + bound;
        List<DeviceRig> rigs = new ArrayList<>();
        try (Receiver receiver = new Receiver()) {
            receiver.up();
            BenchMerchant m = BenchMerchant.create(http, account, Services.ADMIN_TOKEN, receiver.url());
            receiver.secret(m.webhookSecret);
            String tag = scenario.letter + BenchMerchant.hex(3);
            log.printf("[%s] merchant %s, %d devices x %d robots%n", scenario.id, m.merchantId, o.devices(),
                    o.robotsPerDevice());
            List<Robot> robots = new ArrayList<>();
            for (int d = 0; d < o.devices(); d++) {
                String deviceNo = "rel-" + tag + "-d" + d;
                m.registerDevice(account, deviceNo);
                DeviceRig rig = new DeviceRig(deviceNo, m.deviceKey, callbacks, d, counters, deadline).start(2_000);
                rigs.add(rig);
                for (int r = 0; r < o.robotsPerDevice(); r++) {
                    String phone = "8613" + String.format("%09d", ThreadLocalRandom.current().nextInt(1_000_000_000));
                    String robot = "rel-" + tag + "-r" + d + "-" + r;
                    rig.expectRobot(phone, robot);
                    robots.add(new Robot(rig, robot, phone));
                }
            }
            // Scenario d: one more robot, which goes silent at the FLUSHALL: it must still be reported offline.
            Robot silent = null;
            if (scenario == Scenario.REDIS_FLUSH) {
                silent = new Robot(rigs.getFirst(), "rel-" + tag + "-silent",
                        "8613" + String.format("%09d", ThreadLocalRandom.current().nextInt(1_000_000_000)));
                silent.rig().expectRobot(silent.phone(), silent.serialNo());
            }
            until("devices connected", Duration.ofSeconds(30), () -> rigs.stream().allMatch(DeviceRig::connected));
            List<Robot> logins = new ArrayList<>(robots);
            if (silent != null) {
                logins.add(silent);
            }
            for (Robot r : logins) {
                MerchantClient.Reply login = m.client.call(account, "login", Map.of("vcRobotSerialNo", r.serialNo(),
                        "device_no", r.rig().deviceNo(), "phone", r.phone(), "is_cache_login", "true",
                        "cache_info", "eyJjYWNoZSI6ICJyZWxpYWJpbGl0eSJ9"));
                if (!login.success()) {
                    throw new IllegalStateException("login " + r.serialNo() + " failed: " + login.body());
                }
            }
            for (Robot r : logins) {
                until("robot " + r.serialNo() + " online", Duration.ofSeconds(60), () -> m.client.call(account,
                        "getRobot", Map.of("vcRobotSerialNo", r.serialNo())).data().path("nState").asInt(-1) == 0);
                pacingOff(message, r.serialNo());
            }
            counters.reset(); // what the set-up saw does not count

            // ------------------------------------------------------------------ burst and fault
            Set<String> expected = ConcurrentHashMap.newKeySet();
            Set<String> sends = ConcurrentHashMap.newKeySet();
            AtomicInteger next = new AtomicInteger();
            AtomicInteger notAccepted = new AtomicInteger();
            AtomicLong faultEnd = new AtomicLong();
            long started = System.nanoTime();
            log.printf("[%s] burst of %d events, fault: %s%n", scenario.id, o.events(), scenario.description);
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            Robot goesSilent = silent;
            Future<?> fault = pool.submit(() -> {
                inject(receiver, next, goesSilent);
                faultEnd.set(System.nanoTime());
                return null;
            });
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < o.concurrency(); w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < o.events(); i = next.getAndIncrement()) {
                        Robot r = robots.get(i % robots.size());
                        String msgId = tag + "-" + i;
                        expected.add("in:" + msgId);
                        if (!r.rig().receiveMessage(r.serialNo(), r.phone(), msgId, "reliability " + i)) {
                            notAccepted.incrementAndGet();
                        }
                        if (i % o.sendEvery() == 0) {
                            send(m, message, r.serialNo(), i, sends);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
            long burstEnd = System.nanoTime();
            fault.get();
            pool.shutdown();
            log.printf("[%s] burst sent in %.1f s; fault ended %.1f s after the start%n", scenario.id,
                    (burstEnd - started) / 1e9, (faultEnd.get() - started) / 1e9);
            sends.forEach(s -> expected.add("send:" + s));
            if (silent != null) {
                expected.add("offline:" + silent.serialNo());
            }

            // ------------------------------------------------------------------ wait and count
            long waitUntil = Math.max(burstEnd, faultEnd.get()) + o.settle().toNanos();
            while (System.nanoTime() < waitUntil && !expected.stream().allMatch(receiver::delivered)) {
                Thread.sleep(200);
            }
            boolean complete = expected.stream().allMatch(receiver::delivered);
            Thread.sleep(o.quiet().toMillis());
            long delivered = expected.stream().filter(receiver::delivered).count();
            long stuck = 0;
            long lost = 0;
            List<String> lostKeys = new ArrayList<>();
            for (String e : expected) {
                if (receiver.delivered(e)) {
                    continue;
                }
                if (e.startsWith("send:") && !FINAL.contains(state(m, message, e.substring(5)))) {
                    stuck++;
                } else {
                    lost++;
                    lostKeys.add(e);
                }
            }
            // From the moment the fault was over and the last event was sent to the last event's first delivery.
            long over = Math.max(burstEnd, faultEnd.get());
            Duration recover = complete ? Duration.ofNanos(Math.max(0, receiver.lastNewEventNanos() - over)) : null;
            FaultRow row = new FaultRow(scenario, o.events(), sends.size(), expected.size(), delivered, lost,
                    receiver.duplicated(expected), stuck, counters.serverErrors.get(), counters.fiveHundreds.get(),
                    recover, notAccepted.get(), counters.refusals.get(), counters.firstRefusal.get(),
                    receiver.badSignatures(), Duration.ofNanos(burstEnd - started),
                    List.copyOf(lostKeys));
            log.printf("[%s] %s%n", scenario.id, row.summary());
            return row;
        } finally {
            rigs.forEach(DeviceRig::close);
            restoreAfter();
        }
    }

    /** Injects this scenario's fault; returns when the platform is whole again. */
    private void inject(Receiver receiver, AtomicInteger next, Robot silent) throws Exception {
        Services s = p.services;
        switch (scenario) {
            case ENDPOINT_DOWN -> {
                receiver.down();
                Thread.sleep(o.endpointDown().toMillis());
                receiver.up();
                log.printf("[%s] endpoint up again after %d s%n", scenario.id, o.endpointDown().toSeconds());
            }
            case CALLBACK_KILL -> {
                awaitSent(next, o.events() / 3);
                s.kill9(FaultPlatform.CALLBACK_A);
                log.printf("[%s] kill -9 %s at event %d%n", scenario.id, FaultPlatform.CALLBACK_A, next.get());
            }
            case ACCOUNT_MESSAGE_KILL -> {
                awaitSent(next, o.events() / 3);
                s.kill9(FaultPlatform.ACCOUNT);
                s.kill9(FaultPlatform.MESSAGE);
                log.printf("[%s] kill -9 %s and %s at event %d%n", scenario.id, FaultPlatform.ACCOUNT,
                        FaultPlatform.MESSAGE, next.get());
                Thread.sleep(o.restartAfter().toMillis());
                s.restart(FaultPlatform.ACCOUNT);
                s.restart(FaultPlatform.MESSAGE);
                log.printf("[%s] both restarted and ready%n", scenario.id);
            }
            case REDIS_FLUSH -> {
                awaitSent(next, o.events() / 3);
                silent.rig().silence(silent.phone());
                p.stores.flushRedis();
                log.printf("[%s] FLUSHALL at event %d; robot %s silent from now on%n", scenario.id, next.get(),
                        silent.serialNo());
            }
            case PG_RESTART -> {
                awaitSent(next, o.events() / 3);
                log.printf("[%s] stopping PostgreSQL at event %d for %d s%n", scenario.id, next.get(),
                        o.postgresDown().toSeconds());
                p.stores.restartPostgres(o.postgresDown());
                log.printf("[%s] PostgreSQL started again%n", scenario.id);
            }
        }
    }

    /** A killed instance comes back for the next scenario (not timed). */
    private void restoreAfter() throws IOException, InterruptedException {
        for (String name : p.services.names()) {
            if (!p.services.alive(name)) {
                p.services.restart(name);
            }
        }
        p.services.awaitAllReady(Duration.ofSeconds(120));
    }

    private static void awaitSent(AtomicInteger next, int n) throws InterruptedException {
        while (next.get() < n) {
            Thread.sleep(5);
        }
    }

    private void send(BenchMerchant m, String message, String robot, int i, Set<String> sends) {
        try {
            MerchantClient.Reply r = m.client.call(message, "sendMessage", Map.of("vcRobotSerialNo", robot,
                    "vcFriendSerialNo", "u-reliability-friend",
                    "content", Map.of("msg_type", "0", "msg_content", "reliability send " + i)));
            counters.answer(r.status());
            if (r.success()) {
                sends.add(r.serialNo());
            } else if (r.status() < 500) {
                counters.refused("sendMessage " + r.status() + " " + r.body());
            }
            // A merchant would retry a 503 with a new signature; the run counts only accepted commands.
        } catch (IllegalStateException e) {
            counters.unreachable();
        }
    }

    private String state(BenchMerchant m, String message, String serial) {
        try {
            MerchantClient.Reply r = m.client.call(message, "getMessage", Map.of("vcSerialNo", serial));
            return r.data().path("vcState").asText("?");
        } catch (IllegalStateException e) {
            return "?";
        }
    }

    private void pacingOff(String message, String robot) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(message + "/admin/messages/robots/"
                        + robot + "/pacing")).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + Services.ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"intervalMs\":0}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("PUT pacing of " + robot + " answered HTTP " + r.statusCode() + ": " + r.body());
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void until(String what, Duration timeout, Check check) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not yet
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("set-up: " + what + " did not happen within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
    }
}
