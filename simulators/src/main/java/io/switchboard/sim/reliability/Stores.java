package io.switchboard.sim.reliability;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * This run's own PostgreSQL cluster and Redis server, on private loopback ports in a temporary directory: the
 * machine's shared PostgreSQL and Redis belong to other people, and a fault run flushes and restarts its stores.
 * PostgreSQL runs as the {@code postgres} user when we are root (initdb refuses root); its binaries are the newest
 * under {@code /usr/lib/postgresql/}.
 */
public final class Stores implements AutoCloseable {
    public static final String DB = "switchboard";
    public static final String USER = "switchboard";

    private final Path dir;
    private final Path pgBin;
    private final Path pgData;
    private final boolean root;
    private final PrintStream log;
    public final int pgPort;
    public final int redisPort;
    private Process redis;

    private Stores(Path dir, Path pgBin, boolean root, PrintStream log) throws IOException {
        this.dir = dir;
        this.pgBin = pgBin;
        this.pgData = dir.resolve("pgdata");
        this.root = root;
        this.log = log;
        this.pgPort = freePort();
        this.redisPort = freePort();
    }

    /** Creates, starts and prepares both stores (role and database {@code switchboard}). */
    public static Stores start(PrintStream log) throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("sb-reliability-");
        Stores s = new Stores(dir, postgresBin(), root, log);
        try {
            s.startPostgres(true);
            s.startRedis();
            s.psql("CREATE ROLE " + USER + " LOGIN PASSWORD 'switchboard'");
            s.psql("CREATE DATABASE " + DB + " OWNER " + USER);
            return s;
        } catch (IOException | InterruptedException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    static Path postgresBin() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString()
                            .replaceAll("\\D.*", "0"))))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL under /usr/lib/postgresql/*/bin "
                            + "(apt-get install postgresql)"));
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL under /usr/lib/postgresql (apt-get install postgresql)", e);
        }
    }

    /** The services' environment for these stores. */
    public java.util.Map<String, String> serviceEnv() {
        return java.util.Map.of("SB_DB_HOST", "127.0.0.1", "SB_DB_PORT", Integer.toString(pgPort), "SB_DB_NAME", DB,
                "SB_DB_USER", USER, "SB_DB_PASSWORD", "switchboard",
                "SB_REDIS_URL", "redis://127.0.0.1:" + redisPort);
    }

    private void startPostgres(boolean init) throws IOException, InterruptedException {
        if (init) {
            Files.createDirectories(pgData);
            if (root) {
                run(List.of("chown", "-R", "postgres:postgres", dir.toString()), "chown");
            }
            run(asPostgres(pgBin.resolve("initdb").toString(), "-D", pgData.toString(), "-U", "postgres",
                    "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"), "initdb");
            Files.writeString(pgData.resolve("postgresql.auto.conf"), String.join("\n",
                    "listen_addresses = '127.0.0.1'", "port = " + pgPort, "unix_socket_directories = '" + dir + "'",
                    "max_connections = 200", "fsync = off", "synchronous_commit = off", "full_page_writes = off",
                    "shared_buffers = 128MB", ""), StandardCharsets.UTF_8);
        }
        run(asPostgres(pgBin.resolve("pg_ctl").toString(), "-D", pgData.toString(), "-l",
                dir.resolve("postgres.log").toString(), "-w", "-t", "60", "start"), "pg_ctl start");
    }

    private void stopPostgres(String mode) throws IOException, InterruptedException {
        run(asPostgres(pgBin.resolve("pg_ctl").toString(), "-D", pgData.toString(), "-m", mode, "-w", "-t", "60",
                "stop"), "pg_ctl stop");
    }

    /** Stops PostgreSQL (fast: open connections are cut), waits {@code down}, starts it again. */
    public void restartPostgres(Duration down) throws IOException, InterruptedException {
        stopPostgres("fast");
        Thread.sleep(down.toMillis());
        startPostgres(false);
    }

    private void startRedis() throws IOException, InterruptedException {
        // Persistence off, as the platform's Redis: it is transport, PostgreSQL is the truth.
        redis = new ProcessBuilder("redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(redisPort),
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!redisCli("PING").contains("PONG")) {
            if (System.nanoTime() > end || !redis.isAlive()) {
                throw new IllegalStateException("redis-server did not answer on port " + redisPort + "; see "
                        + dir.resolve("redis.log"));
            }
            Thread.sleep(100);
        }
    }

    /** FLUSHALL on this run's own Redis (never the machine's). */
    public void flushRedis() throws IOException, InterruptedException {
        String out = redisCli("FLUSHALL");
        if (!out.contains("OK")) {
            throw new IllegalStateException("FLUSHALL answered " + out);
        }
    }

    private String redisCli(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(redisPort)));
        cmd.addAll(Arrays.asList(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private void psql(String sql) throws IOException, InterruptedException {
        run(asPostgres(pgBin.resolve("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                "-p", Integer.toString(pgPort), "-U", "postgres", "-d", "postgres", "-c", sql), "psql");
    }

    private List<String> asPostgres(String... command) {
        List<String> cmd = new ArrayList<>();
        if (root) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(Arrays.asList(command));
        return cmd;
    }

    private void run(List<String> cmd, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(what + " failed: " + out);
        }
    }

    public Path dir() {
        return dir;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            if (Files.exists(pgData.resolve("postmaster.pid"))) {
                stopPostgres("immediate");
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            log.println("could not stop the private PostgreSQL in " + pgData + ": " + e.getMessage());
        }
        if (redis != null) {
            redis.destroyForcibly();
        }
        if (!Boolean.getBoolean("sb.reliability.keep")) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                log.println("could not delete " + dir + ": " + e.getMessage());
            }
        }
    }
}
