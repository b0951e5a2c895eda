package io.switchboard.sim.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Looks at a service's JVM from outside, by pid: heap used after a full GC ({@code jcmd <pid> GC.run}, twice, then
 * {@code GC.heap_info}), resident memory and open file descriptors from {@code /proc}, CPU time. {@code jcmd} is
 * taken from the JDK that runs this program; the service must run as the same user.
 */
final class JvmProbe {
    /** G1, ZGC and Shenandoah print one line for the whole heap. */
    private static final Pattern WHOLE_HEAP =
            Pattern.compile("(?m)^\\s*(?:garbage-first heap|ZHeap|Shenandoah Heap).*?used (\\d+)([KMG])");
    /** Serial and Parallel print one line per generation. */
    private static final Pattern GENERATION =
            Pattern.compile("(?m)^\\s*(?:def new generation|tenured generation|PSYoungGen|ParOldGen).*?used (\\d+)([KMG])");

    private final long pid;
    private final String jcmd;

    JvmProbe(long pid) {
        this.pid = pid;
        Path own = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        this.jcmd = Files.isExecutable(own) ? own.toString() : "jcmd";
    }

    boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Heap used (bytes) right after two full collections. */
    long heapUsedAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        jcmd("GC.run"); // the first may leave what only became unreachable during it
        return parseHeapUsed(jcmd("GC.heap_info"));
    }

    static long parseHeapUsed(String heapInfo) {
        Matcher m = WHOLE_HEAP.matcher(heapInfo);
        if (m.find()) {
            return bytes(m.group(1), m.group(2));
        }
        long sum = 0;
        boolean any = false;
        m = GENERATION.matcher(heapInfo);
        while (m.find()) {
            sum += bytes(m.group(1), m.group(2));
            any = true;
        }
        if (!any) {
            throw new BenchFailure("cannot read the heap use from jcmd GC.heap_info: " + heapInfo);
        }
        return sum;
    }

    private static long bytes(String n, String unit) {
        long v = Long.parseLong(n);
        return switch (unit) {
            case "G" -> v << 30;
            case "M" -> v << 20;
            default -> v << 10;
        };
    }

    /** VmRSS from /proc/<pid>/status in bytes; -1 when unreadable. */
    long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    /** Open file descriptors (sockets included); -1 when unreadable. */
    long openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU time used so far, in nanoseconds (10 ms ticks); -1 when unknown. */
    long cpuNs() {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroy();
            throw new BenchFailure("jcmd " + pid + " " + command + " failed: " + out.strip());
        }
        return out;
    }
}
