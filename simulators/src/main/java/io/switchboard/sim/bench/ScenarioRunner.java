package io.switchboard.sim.bench;

import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a scenario's variants: one preflight request each (a misconfigured run stops before it loads anything),
 * a warm-up pass of each (not counted), then the measured requests in {@code rounds} rounds. The order of the
 * variants alternates from round to round (forward, then backward), so a slow drift of the machine does not
 * always favour the same variant.
 */
final class ScenarioRunner {
    private final LoadRunner load;
    private final CpuMeter meter;
    private final BenchOptions options;
    private final PrintStream progress;

    ScenarioRunner(LoadRunner load, CpuMeter meter, BenchOptions options, PrintStream progress) {
        this.load = load;
        this.meter = meter;
        this.options = options;
        this.progress = progress;
    }

    /** Every measured pass of one variant, merged. */
    record Measured(Variant variant, long[] sortedLatenciesNs, long wallNs, int ok, int unexpected,
                    List<String> samples, CpuMeter.Usage cpu) {

        int count() {
            return sortedLatenciesNs.length;
        }

        double throughput() {
            return count() / (wallNs / 1e9);
        }

        /** Nearest-rank percentile, in milliseconds. */
        double percentileMs(double p) {
            return ScenarioRunner.percentileMs(sortedLatenciesNs, p);
        }

        double meanMs() {
            return Arrays.stream(sortedLatenciesNs).average().orElse(Double.NaN) / 1e6;
        }

        /** CPU milliseconds per request that {@code group} used during the measured passes. */
        double cpuMsPerRequest(String group) {
            if (cpu == null || count() == 0) {
                return Double.NaN;
            }
            return cpu.cpuNs().getOrDefault(group, 0L) / 1e6 / count();
        }
    }

    List<Measured> run(String scenario, List<Variant> variants) throws InterruptedException {
        for (Variant v : variants) {
            List<HttpRequest> one = v.prepare().apply(1);
            LoadRunner.Pass p = load.run(one, v.expected(), null);
            if (p.unexpected() > 0) {
                throw new BenchFailure(scenario + " preflight: " + v.name() + " should answer " + v.expect()
                        + " but answered " + p.samples());
            }
        }
        if (options.warmup() > 0) {
            for (Variant v : variants) {
                progress.printf("  %s: warm-up %-22s %d requests%n", scenario, v.name(), options.warmup());
                LoadRunner.Pass p = load.run(v.prepare().apply(options.warmup()), v.expected(), null);
                if (p.unexpected() > 0) {
                    progress.printf("  %s: warm-up %s had %d unexpected answers, e.g. %s%n", scenario, v.name(),
                            p.unexpected(), p.samples().getFirst());
                }
            }
        }
        List<List<LoadRunner.Pass>> passes = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            passes.add(new ArrayList<>());
        }
        int rounds = options.rounds();
        for (int r = 0; r < rounds; r++) {
            int n = options.requests() / rounds + (r == rounds - 1 ? options.requests() % rounds : 0);
            for (int k = 0; k < variants.size(); k++) {
                int i = r % 2 == 0 ? k : variants.size() - 1 - k;
                Variant v = variants.get(i);
                List<HttpRequest> requests = v.prepare().apply(n);
                LoadRunner.Pass p = load.run(requests, v.expected(), meter);
                passes.get(i).add(p);
                progress.printf("  %s: round %d/%d %-22s %6d requests %8.0f req/s%s%n", scenario, r + 1, rounds,
                        v.name(), n, n / (p.wallNs() / 1e9),
                        p.unexpected() == 0 ? "" : "  " + p.unexpected() + " UNEXPECTED, e.g. " + p.samples().getFirst());
            }
        }
        List<Measured> out = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            out.add(merge(variants.get(i), passes.get(i)));
        }
        return out;
    }

    /** Nearest-rank percentile of sorted nanoseconds, in milliseconds; NaN when there are none. */
    static double percentileMs(long[] sortedNs, double p) {
        if (sortedNs.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedNs.length);
        return sortedNs[Math.max(0, Math.min(sortedNs.length - 1, rank - 1))] / 1e6;
    }

    static Measured merge(Variant v, List<LoadRunner.Pass> passes) {
        int total = passes.stream().mapToInt(p -> p.latenciesNs().length).sum();
        long[] all = new long[total];
        int at = 0;
        long wall = 0;
        int ok = 0;
        int bad = 0;
        List<String> samples = new ArrayList<>();
        List<CpuMeter.Usage> cpu = new ArrayList<>();
        for (LoadRunner.Pass p : passes) {
            System.arraycopy(p.latenciesNs(), 0, all, at, p.latenciesNs().length);
            at += p.latenciesNs().length;
            wall += p.wallNs();
            ok += p.ok();
            bad += p.unexpected();
            p.samples().stream().limit(Math.max(0, 5 - samples.size())).forEach(samples::add);
            cpu.add(p.cpu());
        }
        Arrays.sort(all);
        return new Measured(v, all, wall, ok, bad, samples, CpuMeter.sum(cpu));
    }
}
