package io.switchboard.callback.driver.engine;

/** The engine answered a request with an error; the message is the engine's own text, as the merchant will see it. */
public final class EngineError extends RuntimeException {
    public EngineError(String message) {
        super(message, null, false, false);
    }
}
