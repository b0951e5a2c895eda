package io.switchboard.sim.reliability;

import java.time.Duration;

/**
 * Sizes of a fault run.
 *
 * @param events        inbound messages per scenario (the burst)
 * @param sendEvery     one {@code sendMessage} command per this many events
 * @param devices       simulated LINE devices, each with {@code robotsPerDevice} robots
 * @param concurrency   callbacks in flight
 * @param endpointDown  how long the merchant endpoint is down at the start of scenario a
 * @param restartAfter  how long a killed account-/message-service stays down before it is started again
 * @param postgresDown  how long PostgreSQL stays stopped in scenario e
 * @param settle        how long to wait, after the fault ended and the burst was sent, for every event
 * @param quiet         how long to keep counting after everything arrived (late duplicates)
 */
public record FaultOptions(int events, int sendEvery, int devices, int robotsPerDevice, int concurrency,
                           Duration endpointDown, Duration restartAfter, Duration postgresDown, Duration settle,
                           Duration quiet) {

    /** The full size of docs/RELIABILITY.md "Fault runs". */
    public static FaultOptions full() {
        return new FaultOptions(10_000, 20, 4, 2, 16, Duration.ofSeconds(60), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(300), Duration.ofSeconds(10));
    }

    /** The small size bin/test runs (e2e ReliabilityIT). */
    public static FaultOptions small() {
        return new FaultOptions(200, 10, 2, 2, 8, Duration.ofSeconds(8), Duration.ofSeconds(2),
                Duration.ofSeconds(3), Duration.ofSeconds(120), Duration.ofSeconds(3));
    }

    public FaultOptions withEvents(int n) {
        return new FaultOptions(n, sendEvery, devices, robotsPerDevice, concurrency, endpointDown, restartAfter,
                postgresDown, settle, quiet);
    }

    public FaultOptions withEndpointDown(Duration d) {
        return new FaultOptions(events, sendEvery, devices, robotsPerDevice, concurrency, d, restartAfter,
                postgresDown, settle, quiet);
    }

    public FaultOptions withPostgresDown(Duration d) {
        return new FaultOptions(events, sendEvery, devices, robotsPerDevice, concurrency, endpointDown, restartAfter,
                d, settle, quiet);
    }

    public FaultOptions withSettle(Duration d) {
        return new FaultOptions(events, sendEvery, devices, robotsPerDevice, concurrency, endpointDown, restartAfter,
                postgresDown, d, quiet);
    }
}
