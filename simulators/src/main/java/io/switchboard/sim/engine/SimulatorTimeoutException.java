package io.switchboard.sim.engine;

/** An {@code await…} call on a simulator ran out of time; the message says what it had instead. */
public final class SimulatorTimeoutException extends RuntimeException {

    public SimulatorTimeoutException(String message) {
        super(message);
    }
}
