package io.switchboard.sim.bench;

/** Something the benchmark needs did not work (platform down, token refused, preflight answer wrong). */
public final class BenchFailure extends RuntimeException {
    BenchFailure(String message) {
        super(message);
    }

    BenchFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
