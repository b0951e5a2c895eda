package io.switchboard.sim.reliability;

import java.time.Duration;
import java.util.Locale;

/**
 * One scenario's line of the table.
 *
 * @param inbound      inbound messages sent by the devices
 * @param sends        {@code sendMessage} commands the platform accepted
 * @param expected     events that must reach the merchant: every inbound message and every accepted command's result
 * @param lost         expected events never delivered (a command with no final state counts as stuck instead)
 * @param duplicated   the same event under a second webhook-id, or a webhook-id delivered again after a 2xx
 * @param stuck        accepted commands not {@code SENT}/{@code FAILED} at the end
 * @param serverErrors 5xx answers the devices and the merchant got (503 is the retryable answer)
 * @param fiveHundreds of which exactly 500
 * @param recover      from the moment the fault was over (platform whole again) and the last event was sent, to the
 *                     last event's first delivery; null when not every event arrived within the settle time
 * @param notAccepted  inbound messages a device could not get accepted before the run's deadline
 * @param lostEvents   the lost events' keys ({@code in:<msgId>}, {@code send:<serial>}, {@code offline:<robot>})
 */
public record FaultRow(Scenario scenario, int inbound, int sends, int expected, long delivered, long lost,
                       long duplicated, long stuck, long serverErrors, long fiveHundreds, Duration recover,
                       int notAccepted, long refusals, String firstRefusal, int badSignatures, Duration burst,
                       java.util.List<String> lostEvents) {

    /** The targets of issue 10: nothing lost, nothing twice, nothing stuck, no 500. */
    public boolean meetsTarget() {
        return lost == 0 && duplicated == 0 && stuck == 0 && fiveHundreds == 0 && notAccepted == 0
                && badSignatures == 0;
    }

    public String recoverText() {
        return recover == null ? "not recovered" : String.format(Locale.ROOT, "%.1f s", recover.toMillis() / 1000.0);
    }

    public String summary() {
        return String.format(Locale.ROOT, "expected %d, delivered %d, lost %d, duplicated %d, stuck %d, 5xx %d (500: %d), "
                        + "recover %s; not accepted %d, 4xx/refused %d%s, bad signatures %d, burst %.1f s%s",
                expected, delivered, lost, duplicated, stuck, serverErrors, fiveHundreds, recoverText(), notAccepted,
                refusals, firstRefusal == null ? "" : " (first: " + firstRefusal + ")", badSignatures,
                burst.toMillis() / 1000.0, lostEvents.isEmpty() ? ""
                        : "; lost: " + lostEvents.subList(0, Math.min(5, lostEvents.size()))
                        + (lostEvents.size() > 5 ? " and " + (lostEvents.size() - 5) + " more" : ""));
    }

    static final String HEADER = "| scenario | events expected | delivered | lost | duplicated | commands stuck | 5xx seen (500s) | time to recover | target met |";
    static final String RULE = "|---|---:|---:|---:|---:|---:|---:|---:|---|";

    String tableRow() {
        return String.format(Locale.ROOT, "| %s) %s | %d | %d | %d | %d | %d | %d (%d) | %s | %s |", scenario.letter,
                scenario.description, expected, delivered, lost, duplicated, stuck, serverErrors, fiveHundreds,
                recoverText(), meetsTarget() ? "yes" : "**no**");
    }
}
