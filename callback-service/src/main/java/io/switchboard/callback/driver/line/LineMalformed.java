package io.switchboard.callback.driver.line;

/** A device body whose shape is wrong; the message says which field and why (the device gets it with a 400). */
public class LineMalformed extends RuntimeException {
    public LineMalformed(String message) {
        super(message, null, false, false);
    }
}
