package io.switchboard.sim.bench;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

/**
 * Sends a fixed list of prepared requests with a fixed number of workers (virtual threads), each taking the next
 * request as soon as its previous one is answered (closed loop), each on its own keep-alive connection
 * ({@link HttpWire}). Preparing (signing, encoding to bytes) happens before, so the timed part is only sending and
 * receiving. Every latency is kept; nothing runs after the list is exhausted.
 */
final class LoadRunner {
    /** How many unexpected answers are kept as samples for the report. */
    private static final int SAMPLES = 5;

    private final int concurrency;

    LoadRunner(int concurrency) {
        this.concurrency = concurrency;
    }

    /** What one timed pass produced. Latencies are in nanoseconds, one per request, in completion-slot order. */
    record Pass(long[] latenciesNs, long wallNs, int ok, int unexpected, List<String> samples,
                CpuMeter.Usage cpu) {
    }

    /**
     * Sends every request once and checks each answer with {@code expected(status, body)}.
     *
     * @param meter measures the CPU used by the platform's processes during the pass (null: not measured)
     */
    Pass run(List<HttpRequest> requests, BiPredicate<Integer, String> expected, CpuMeter meter)
            throws InterruptedException {
        int n = requests.size();
        List<HttpWire.Prepared> wire = requests.stream().map(HttpWire::prepare).toList();
        long[] latencies = new long[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger bad = new AtomicInteger();
        List<String> samples = Collections.synchronizedList(new ArrayList<>());
        CpuMeter.Snapshot before = meter == null ? null : meter.snapshot();
        long start = System.nanoTime();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < Math.min(concurrency, n); w++) {
                running.add(workers.submit(() -> work(wire, expected, next, latencies, ok, bad, samples)));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a load worker failed", e.getCause());
                }
            }
        }
        long wall = System.nanoTime() - start;
        CpuMeter.Usage cpu = meter == null ? null : meter.since(before);
        return new Pass(latencies, wall, ok.get(), bad.get(), List.copyOf(samples), cpu);
    }

    /** One worker: takes the next request until none is left, on its own connection. */
    private static void work(List<HttpWire.Prepared> wire, BiPredicate<Integer, String> expected, AtomicInteger next,
                             long[] latencies, AtomicInteger ok, AtomicInteger bad, List<String> samples) {
        try (HttpWire.Connection connection = new HttpWire.Connection()) {
            int i;
            while ((i = next.getAndIncrement()) < wire.size() && !Thread.currentThread().isInterrupted()) {
                long t0 = System.nanoTime();
                String outcome;
                try {
                    HttpWire.Answer r = connection.send(wire.get(i));
                    latencies[i] = System.nanoTime() - t0;
                    String body = new String(r.body(), StandardCharsets.UTF_8);
                    outcome = expected.test(r.status(), body) ? null : "HTTP " + r.status() + " " + abbreviate(body);
                } catch (IOException | RuntimeException e) {
                    latencies[i] = System.nanoTime() - t0;
                    outcome = "I/O error: " + e;
                }
                if (outcome == null) {
                    ok.incrementAndGet();
                } else {
                    bad.incrementAndGet();
                    if (samples.size() < SAMPLES) {
                        samples.add(outcome);
                    }
                }
            }
        }
    }

    private static String abbreviate(String s) {
        String t = s.replaceAll("\\s+", " ");
        return t.length() <= 200 ? t : t.substring(0, 200) + "…";
    }
}
