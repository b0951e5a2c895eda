package io.switchboard.callback.driver;

import io.switchboard.callback.command.CommandRecord;

/**
 * All knowledge of one robot protocol (DESIGN §1: domain services never speak a protocol). One CDI bean per
 * protocol; {@link Drivers} finds it by {@link #protocol()}.
 */
public interface RobotDriver {
    /** LINE_DEVICE, LINE_WS, CHAT68_WS or IM_HTTP. */
    String protocol();

    /** The protocol's numeric command for a unified operation, when it has one (stored with the command). */
    default Integer cmd(String operation) {
        return null;
    }

    /**
     * Why this command cannot be carried out at all (unsupported operation, no device…), or null when it can.
     * A refused command fails at once instead of waiting for its deadline.
     */
    String refusal(CommandRecord command);

    /**
     * Sends a stored, committed PENDING command towards its link: now, through the replica that holds the link,
     * or later when the link comes back. Must not block for long; the command's row is the only state.
     */
    void dispatch(CommandRecord command);
}
