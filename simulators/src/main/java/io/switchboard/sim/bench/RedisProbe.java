package io.switchboard.sim.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads Redis' own counters over one plain RESP connection (no client library): {@code INFO all} for
 * {@code total_commands_processed}, the per-command {@code cmdstat_*} calls and Redis' CPU time, plus
 * {@code DBSIZE}/{@code HLEN} for sanity checks. It only reads. Each snapshot is one {@code INFO} command, which
 * Redis counts too: {@link Window} leaves {@code info} out.
 */
final class RedisProbe implements Closeable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RedisProbe(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Redis' counters at one moment. */
    record Snapshot(long atNs, long totalCommands, Map<String, Long> calls, double cpuSeconds, String version) {
    }

    /** What happened between two snapshots; {@code info} (the probe's own command) is left out. */
    record Window(double seconds, long commands, Map<String, Long> calls, double redisCpuSeconds) {
        static Window between(Snapshot a, Snapshot b) {
            Map<String, Long> calls = new TreeMap<>();
            b.calls().forEach((cmd, n) -> {
                long d = n - a.calls().getOrDefault(cmd, 0L);
                if (d > 0 && !cmd.equals("info")) {
                    calls.put(cmd, d);
                }
            });
            long info = b.calls().getOrDefault("info", 0L) - a.calls().getOrDefault("info", 0L);
            return new Window((b.atNs() - a.atNs()) / 1e9, b.totalCommands() - a.totalCommands() - info, calls,
                    b.cpuSeconds() - a.cpuSeconds());
        }

        double perSecond(long n) {
            return seconds <= 0 ? Double.NaN : n / seconds;
        }

        /** EVAL, EVALSHA and FCALL: one round trip each, however many commands the script runs inside. */
        long scripts() {
            return calls.entrySet().stream().filter(e -> e.getKey().startsWith("eval") || e.getKey().startsWith("fcall"))
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }

    Snapshot snapshot() throws IOException {
        long at = System.nanoTime();
        Map<String, String> info = parseInfo(command("INFO", "all").toString());
        Map<String, Long> calls = new LinkedHashMap<>();
        info.forEach((k, v) -> {
            if (k.startsWith("cmdstat_")) {
                calls.put(k.substring("cmdstat_".length()), callsOf(v));
            }
        });
        double cpu = Double.parseDouble(info.getOrDefault("used_cpu_sys", "0"))
                + Double.parseDouble(info.getOrDefault("used_cpu_user", "0"));
        return new Snapshot(at, Long.parseLong(info.getOrDefault("total_commands_processed", "0")), calls, cpu,
                info.getOrDefault("redis_version", "?"));
    }

    long dbsize() throws IOException {
        return (Long) command("DBSIZE");
    }

    long hlen(String key) throws IOException {
        return (Long) command("HLEN", key);
    }

    static Map<String, String> parseInfo(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (!line.startsWith("#") && colon > 0) {
                m.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return m;
    }

    /** {@code calls=12,usec=…} → 12. Subcommands appear as {@code cmdstat_client|list}, kept as they are. */
    static long callsOf(String stat) {
        for (String part : stat.split(",")) {
            if (part.startsWith("calls=")) {
                return Long.parseLong(part.substring("calls=".length()));
            }
        }
        return 0;
    }

    /** Sends one command as a RESP array and reads one reply: a String, a Long, or an IOException for an error. */
    private Object command(String... args) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
            byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
            b.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(bytes);
            b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(b.toByteArray());
        out.flush();
        return reply();
    }

    private Object reply() throws IOException {
        int type = in.read();
        String line = line();
        return switch (type) {
            case '+' -> line;
            case ':' -> Long.parseLong(line);
            case '-' -> throw new IOException("Redis answered an error: " + line);
            case '$' -> {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    yield null;
                }
                byte[] data = in.readNBytes(len + 2); // and the trailing CRLF
                if (data.length < len + 2) {
                    throw new EOFException("Redis closed the connection mid-reply");
                }
                yield new String(data, 0, len, StandardCharsets.UTF_8);
            }
            case -1 -> throw new EOFException("Redis closed the connection");
            default -> throw new IOException("unexpected Redis reply type " + (char) type);
        };
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read(); // \n
                break;
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
