package io.switchboard.sim.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * request as soon as its previous one is answered (closed loop). Preparing (signing) happens before, so the timed
 * part is only sending and receiving. Every latency is kept; nothing runs after the list is exhausted.
 */
final class LoadRunner {
    /** How many unexpected answers are kept as samples for the report. */
    private static final int SAMPLES = 5;

    private final HttpClient http;
    private final int concurrency;

    LoadRunner(HttpClient http, int concurrency) {
        this.http = http;
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
                running.add(workers.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < n) {
                        HttpRequest request = requests.get(i);
                        long t0 = System.nanoTime();
                        String outcome;
                        try {
                            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                            latencies[i] = System.nanoTime() - t0;
                            String body = new String(r.body(), StandardCharsets.UTF_8);
                            outcome = expected.test(r.statusCode(), body) ? null
                                    : "HTTP " + r.statusCode() + " " + abbreviate(body);
                        } catch (IOException e) {
                            latencies[i] = System.nanoTime() - t0;
                            outcome = "I/O error: " + e;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
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
                }));
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

    private static String abbreviate(String s) {
        String t = s.replaceAll("\\s+", " ");
        return t.length() <= 200 ? t : t.substring(0, 200) + "…";
    }
}
