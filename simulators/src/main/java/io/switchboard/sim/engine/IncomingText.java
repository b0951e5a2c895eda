package io.switchboard.sim.engine;

/**
 * A text message someone sends the robot, for {@link EngineSimulator#pushIncomingText(IncomingText)}.
 *
 * @param from  the sender's id in the protocol (LINE mid, 68chat uid, IM node address); null = the simulator's
 *              default contact
 * @param group the group it was posted in, null for a direct message
 * @param text  the text
 */
public record IncomingText(String from, String group, String text) {

    public IncomingText {
        if (text == null) {
            throw new IllegalArgumentException("text is required");
        }
    }

    /** A direct message from the simulator's default contact. */
    public static IncomingText direct(String text) {
        return new IncomingText(null, null, text);
    }

    public static IncomingText direct(String from, String text) {
        return new IncomingText(from, null, text);
    }

    public static IncomingText inGroup(String group, String from, String text) {
        return new IncomingText(from, group, text);
    }
}
