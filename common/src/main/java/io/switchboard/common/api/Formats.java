package io.switchboard.common.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * The shapes of the identifiers that cross the platform's doors. Every door checks them before it calls a
 * dependency (account-service, PostgreSQL, Redis), so garbage gets a 4xx and never trips a circuit breaker.
 */
public final class Formats {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]+");

    /** Longest app_id, device number, merchant id and command serial. */
    public static final int MAX_ID = 64;
    /** Longest robot serial (seed 001: vcRobotSerialNo, 256). */
    public static final int MAX_ROBOT_SERIAL = 256;

    private Formats() {}

    /** app_id, merchant id, device number, command serial: 1–64 letters, digits, '.', '_' or '-'. */
    public static boolean isId(String s) {
        return s != null && !s.isEmpty() && s.length() <= MAX_ID && TOKEN.matcher(s).matches();
    }

    /** A merchant-chosen robot serial: 1–256 characters, no control characters, not blank. */
    public static boolean isRobotSerial(String s) {
        return s != null && !s.isBlank() && s.length() <= MAX_ROBOT_SERIAL && !hasControl(s, false);
    }

    /**
     * True when {@code s} holds a control character: NUL and the other C0 controls, DEL and the C1 range.
     * {@code textLayout} allows tab, line feed and carriage return (multi-line message text).
     */
    public static boolean hasControl(String s, boolean textLayout) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 || (c >= 0x7f && c <= 0x9f))
                    && !(textLayout && (c == '\t' || c == '\n' || c == '\r'))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A whole number from a robot event: an integral JSON number, or digits in a string (engines send ids and times
     * both ways); null for anything else, so a mistyped value never becomes a wrong one.
     */
    public static Long wholeNumber(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.asLong();
        }
        if (n.isTextual() && n.asText().matches("-?\\d{1,18}")) {
            return Long.parseLong(n.asText());
        }
        return null;
    }
}
