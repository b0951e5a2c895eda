package io.switchboard.callback.link;

/**
 * One robot link: a device's push socket for LINE_DEVICE (key = device number), a robot's engine connection for the
 * engine protocols (key = robot serial). Ownership, routing and the pending-command queue are all keyed by it.
 */
public record LinkId(String protocol, String key) {
    private static final char SEP = '|';

    /** The field of the owner map and the payload of routing messages: {@code protocol|key}. */
    public String field() {
        return protocol + SEP + key;
    }

    /** The inverse of {@link #field()}; null for anything else (a stray or foreign message). */
    public static LinkId parse(String field) {
        int i = field == null ? -1 : field.indexOf(SEP);
        return i <= 0 || i == field.length() - 1 ? null : new LinkId(field.substring(0, i), field.substring(i + 1));
    }

    @Override
    public String toString() {
        return field();
    }
}
