package io.switchboard.sim.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The benchmark's settings (see {@link Bench#USAGE}).
 *
 * @param scenarios   which scenarios, in order ({@code gate}, {@code device}, {@code messages})
 * @param account     account-service base URL (loopback only)
 * @param callback    callback-service base URL (loopback only)
 * @param message     message-service base URL (loopback only)
 * @param adminToken  the platform's admin token
 * @param warmup      requests per variant before measuring (not counted)
 * @param requests    measured requests per variant
 * @param concurrency requests in flight at once (workers)
 * @param rounds      the measured requests are split into this many rounds; the variant order alternates
 * @param robots      distinct robot serials the device scenario's RobotHeart cycles through
 * @param runDir      bin/up's {@code .run} directory, for the services' pids (CPU accounting); may be null
 * @param build       a label for the build (bin/bench passes the git commit); may be empty
 */
record BenchOptions(List<String> scenarios, String account, String callback, String message, String adminToken, int warmup,
                    int requests, int concurrency, int rounds, int robots, Path runDir, String build) {
}
