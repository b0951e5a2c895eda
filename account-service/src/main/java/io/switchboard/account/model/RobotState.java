package io.switchboard.account.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Robot states: codes 0–3 are the 1007 webhook's {@code nstate}; 4 and 5 extend them (DESIGN §2). */
public enum RobotState {
    ONLINE(0), OFFLINE(1), BANNED(2), LIMITED(3), LOGGING_IN(4), LOGGED_OUT(5);

    private final int code;

    RobotState(int code) { this.code = code; }

    public int code() { return code; }

    /** The state as a word, as {@code vcState} shows it. */
    public String word() { return name().toLowerCase(Locale.ROOT); }

    public static Optional<RobotState> ofCode(int code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst();
    }
}
