package io.switchboard.callback.link;

import io.switchboard.callback.command.CommandRecord;
import io.switchboard.common.event.CommandRequest;

/**
 * All knowledge of one robot protocol (DESIGN §1: domain services never speak a protocol). One CDI bean per
 * protocol in its own package under {@code driver/}; {@link Drivers} finds it by {@link #protocol()}.
 *
 * <p>This is the <em>outbound</em> side: the seam asks the driver which link carries a command, whether it can be
 * carried out, and to send it over a link this replica holds. The <em>inbound</em> side is {@link RobotInbound}:
 * the driver reports results and pushes through it as protocol-neutral calls. Ownership, routing, ordering,
 * re-dispatch and deadlines are the seam's (docs/ARCHITECTURE.md "Robot links"); a driver never touches them.
 */
public interface RobotDriver {
    /** LINE_DEVICE, LINE_WS, CHAT68_WS or IM_HTTP. */
    String protocol();

    /**
     * The key of the link that carries this robot's commands (a device number, or the robot itself for an engine),
     * or null when the request names none (the command is then refused with {@link #refusal}).
     */
    String linkKey(CommandRequest request, String robotSerialNo);

    /**
     * Why this command cannot be carried out at all (unsupported operation, no device, …), or null when it can.
     * A refused command fails at once instead of waiting for its deadline.
     */
    String refusal(CommandRecord command);

    /** True while this replica holds the link open and can {@link #send} over it now. */
    boolean holds(String linkKey);

    /**
     * The id the link's result will carry for this command (LINE: the command serial as {@code serial_no}; an engine
     * its {@code task_id}/{@code id}). Stored on the row before {@link #send}, so a result that comes back at once
     * finds its command.
     */
    default String correlationId(CommandRecord command) {
        return command.serialNo;
    }

    /**
     * Sends one command over a link this replica holds, in order (the seam calls it for one link at a time, with
     * the row already marked PUSHED).
     *
     * @throws LinkGone        the link went away meanwhile: the command goes back to PENDING and out later
     * @throws Undeliverable   the command can never be sent (unreadable content, …): it fails now
     */
    void send(String linkKey, CommandRecord command);

    /**
     * Engine protocols: whether this replica should take over links whose owner died (and open them itself).
     * Devices reconnect by themselves, so LINE_DEVICE answers false.
     */
    default boolean takesOver() {
        return false;
    }

    /** This replica now owns the link (an engine opens its connection here; commands are pushed after it). */
    default void acquired(RobotLinks.Link link) {}

    /** This replica lost the link (another replica took it, or its leases lapsed): close what it holds. */
    default void lost(String linkKey) {}

    /**
     * This replica is shutting down and has released the link for another replica to take: close what it holds so
     * the other side comes back there (a device is told to reconnect; an engine link is reopened by the taker).
     */
    default void handedOver(String linkKey) {
        lost(linkKey);
    }

    /** The link went away for good (an engine link of a robot that logged out): release its resources. */
    default void released(String linkKey) {
        lost(linkKey);
    }

    /** The link went away meanwhile: the command stays PENDING and is sent when the link is back. */
    final class LinkGone extends RuntimeException {
        public LinkGone(String message) {
            super(message, null, false, false);
        }
    }

    /** The command can never be sent; the message is the reason it fails with. */
    final class Undeliverable extends RuntimeException {
        public Undeliverable(String message) {
            super(message, null, false, false);
        }
    }
}
