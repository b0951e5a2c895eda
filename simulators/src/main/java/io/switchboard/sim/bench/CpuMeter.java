package io.switchboard.sim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time used by the processes that serve a benchmark, read from the OS ({@link ProcessHandle.Info#totalCpuDuration},
 * which is {@code /proc/<pid>/stat} on Linux, 10 ms ticks) before and after a pass. Groups: the four services (by
 * the pid files bin/up writes under {@code .run/}), PostgreSQL (every {@code postgres} process: the backends do
 * the work), Redis, and this benchmark client. Also the machine's busy share from {@code /proc/stat}.
 *
 * <p>It only reads. When a group cannot be read (no pid file, another OS) it is simply left out.
 */
final class CpuMeter {
    static final List<String> GROUPS = List.of("account", "callback", "msg+group", "postgres", "redis", "client");

    private final Path runDir;

    /** @param runDir bin/up's {@code .run} directory (holds {@code <service>.pid}); null: services not measured */
    CpuMeter(Path runDir) {
        this.runDir = runDir;
    }

    record Snapshot(Map<String, Long> cpuNs, long machineBusy, long machineSteal, long machineTotal, long atNs) {
    }

    /**
     * CPU nanoseconds per group used between two snapshots, how busy the whole machine was (0..1), and the share
     * of its time the hypervisor gave to other guests (steal, 0..1; counted in busy).
     */
    record Usage(Map<String, Long> cpuNs, double machineBusy, double machineSteal, long wallNs) {
    }

    Snapshot snapshot() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        for (String g : GROUPS) {
            cpu.put(g, 0L);
        }
        if (runDir != null) {
            add(cpu, "account", pidCpu("account-service"));
            add(cpu, "callback", pidCpu("callback-service"));
            add(cpu, "msg+group", pidCpu("message-service"));
            add(cpu, "msg+group", pidCpu("group-service"));
        }
        ProcessHandle.allProcesses().forEach(p -> {
            String cmd = p.info().command().orElse("");
            if (cmd.endsWith("/postgres")) {
                add(cpu, "postgres", cpuOf(p));
            } else if (cmd.endsWith("/redis-server") || cmd.endsWith("/redis-check-rdb")) {
                // Debian's redis-server is a link to redis-check-rdb, which is what /proc/<pid>/exe names
                add(cpu, "redis", cpuOf(p));
            }
        });
        add(cpu, "client", cpuOf(ProcessHandle.current()));
        long[] machine = machine();
        return new Snapshot(cpu, machine[0], machine[2], machine[1], System.nanoTime());
    }

    Usage since(Snapshot before) {
        Snapshot now = snapshot();
        Map<String, Long> delta = new LinkedHashMap<>();
        now.cpuNs().forEach((g, ns) -> delta.put(g, Math.max(0, ns - before.cpuNs().getOrDefault(g, 0L))));
        long total = now.machineTotal() - before.machineTotal();
        double busy = total <= 0 ? Double.NaN : (double) (now.machineBusy() - before.machineBusy()) / total;
        double steal = total <= 0 ? Double.NaN : (double) (now.machineSteal() - before.machineSteal()) / total;
        return new Usage(delta, busy, steal, now.atNs() - before.atNs());
    }

    /** Sums usages of several passes (busy share weighted by wall time). */
    static Usage sum(List<Usage> usages) {
        Map<String, Long> cpu = new LinkedHashMap<>();
        double busyWeighted = 0;
        double stealWeighted = 0;
        long wall = 0;
        for (Usage u : usages) {
            if (u == null) {
                continue;
            }
            u.cpuNs().forEach((g, ns) -> cpu.merge(g, ns, Long::sum));
            if (!Double.isNaN(u.machineBusy())) {
                busyWeighted += u.machineBusy() * u.wallNs();
            }
            if (!Double.isNaN(u.machineSteal())) {
                stealWeighted += u.machineSteal() * u.wallNs();
            }
            wall += u.wallNs();
        }
        return new Usage(cpu, wall == 0 ? Double.NaN : busyWeighted / wall,
                wall == 0 ? Double.NaN : stealWeighted / wall, wall);
    }

    private long pidCpu(String service) {
        try {
            Path file = runDir.resolve(service + ".pid");
            if (!Files.isReadable(file)) {
                return 0;
            }
            long pid = Long.parseLong(Files.readString(file).trim());
            return ProcessHandle.of(pid).map(CpuMeter::cpuOf).orElse(0L);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static long cpuOf(ProcessHandle p) {
        Optional<Duration> d = p.info().totalCpuDuration();
        return d.map(Duration::toNanos).orElse(0L);
    }

    private static void add(Map<String, Long> cpu, String group, long ns) {
        cpu.merge(group, ns, Long::sum);
    }

    /** {busy, total, steal} jiffies of the whole machine; zeros when /proc/stat is not there. */
    private static long[] machine() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).getFirst(); // cpu user nice system idle iowait …
            String[] f = first.trim().split("\\s+");
            long total = 0;
            long idle = 0;
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            for (int i = 1; i < f.length && i <= 8; i++) { // user..steal; guest time is already inside user
                long v = Long.parseLong(f[i]);
                total += v;
                if (i == 4 || i == 5) { // idle, iowait
                    idle += v;
                }
            }
            return new long[] {total - idle, total, steal};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0, 0};
        }
    }
}
