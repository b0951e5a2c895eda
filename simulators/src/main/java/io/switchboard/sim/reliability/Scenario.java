package io.switchboard.sim.reliability;

import java.util.Arrays;
import java.util.List;

/** The fault scenarios of issue 10, in the order a full run takes them. */
public enum Scenario {
    ENDPOINT_DOWN("a", "endpoint-down", "merchant endpoint down for the first part of the burst"),
    CALLBACK_KILL("b", "callback-kill", "kill -9 of one of two callback-service replicas"),
    ACCOUNT_MESSAGE_KILL("c", "account-message-kill", "kill -9 of account-service and message-service"),
    REDIS_FLUSH("d", "redis-flushall", "Redis FLUSHALL"),
    PG_RESTART("e", "postgres-restart", "PostgreSQL restart");

    public final String letter;
    public final String id;
    public final String description;

    Scenario(String letter, String id, String description) {
        this.letter = letter;
        this.id = id;
        this.description = description;
    }

    /** "all", or a comma-separated list of letters or ids. */
    public static List<Scenario> parse(String spec) {
        if (spec == null || spec.isBlank() || spec.equals("all")) {
            return List.of(values());
        }
        return Arrays.stream(spec.split(",")).map(String::trim).map(s -> Arrays.stream(values())
                .filter(v -> v.letter.equals(s) || v.id.equals(s)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario " + s + " (a-e, or "
                        + Arrays.stream(values()).map(v -> v.id).toList() + ")"))).toList();
    }
}
