package io.switchboard.callback.driver.line;

/** A refused device request: the HTTP status and a message that says what is wrong (sent as {@code message}). */
public class LineError extends RuntimeException {
    private final int status;

    public LineError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
