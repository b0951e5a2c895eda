package io.switchboard.sim.engine;

/**
 * What {@link EngineSimulator#pushIncomingText} did.
 *
 * @param messageId the message id the push carries
 * @param delivered how many sockets it went to (0: nobody connected, or for IM_HTTP no {@code addReceive} yet)
 */
public record Pushed(String messageId, int delivered) {
}
