package io.switchboard.sim.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The fault plan of one simulator: one-shot rules for the next requests of a command, a reply delay, and silence.
 * Rules are tried in the order they were added; each applies to {@code times} matching requests, then goes.
 */
public final class Faults {

    /** What a rule does to a matching request instead of answering it normally. */
    public enum Kind {
        /** Answer with an error in the protocol's shape (code, message). */
        ERROR,
        /** Answer normally but with a correlation id nobody waits for (WebSocket engines). */
        UNKNOWN_ID,
        /** Answer with a frame or body that is not JSON. */
        GARBAGE,
        /** Never answer this request (it is still recorded). */
        SWALLOW,
        /** IM_HTTP: answer with this HTTP status ({@code code}) and a plain-text body. */
        HTTP_STATUS,
        /** CHAT68_WS: answer normally but with {@code data.commonResult.errCode} = {@code code}. */
        RESULT_CODE
    }

    /** A rule for this command matches every message send, whatever command carries it (the simulator says which). */
    public static final String SEND = "(message send)";

    /**
     * One rule; {@code command} {@code "*"} matches every request (see {@link Received#is(String)}), {@link #SEND}
     * every message send.
     */
    public record Rule(String command, Kind kind, int code, String message, int times) {
    }

    private final List<Rule> rules = new ArrayList<>();
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean silent;

    public synchronized void add(Rule rule) {
        if (rule.times() < 1) {
            throw new IllegalArgumentException("times must be at least 1, was " + rule.times());
        }
        rules.add(rule);
    }

    /** The first rule that matches this request, used up by one; null when none. */
    public synchronized Rule take(Received request, Predicate<Received> isSend) {
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            if (SEND.equals(r.command()) ? isSend.test(request) : request.is(r.command())) {
                if (r.times() > 1) {
                    rules.set(i, new Rule(r.command(), r.kind(), r.code(), r.message(), r.times() - 1));
                } else {
                    rules.remove(i);
                }
                return r;
            }
        }
        return null;
    }

    public synchronized List<Rule> pending() {
        return List.copyOf(rules);
    }

    public Duration delay() {
        return delay;
    }

    public void delay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        this.delay = delay;
    }

    public boolean silent() {
        return silent;
    }

    public void silent(boolean silent) {
        this.silent = silent;
    }

    /** Forgets every rule, the delay and silence. */
    public synchronized void reset() {
        rules.clear();
        delay = Duration.ZERO;
        silent = false;
    }
}
