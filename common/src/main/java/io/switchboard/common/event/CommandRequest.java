package io.switchboard.common.event;

/**
 * {@code data} of {@link EventTypes#COMMAND_REQUESTED}. The envelope's {@code serialNo} is the command serial
 * ({@code vcSerialNo}), {@code merchantId} and {@code robotSerialNo} name the owner and target.
 *
 * @param operation  unified operation name: login, logout, sendMessage, … (drivers map it to their protocol)
 * @param protocol   LINE_DEVICE, LINE_WS, CHAT68_WS or IM_HTTP
 * @param deviceNo   the device that runs the robot (LINE_DEVICE)
 * @param engineUrl  the engine of the robot (engine protocols)
 * @param phone      the robot's phone number, with country code, when known
 * @param contentEnc the operation's parameters as JSON, encrypted with context
 *                   {@code SecretContexts.commandContent(serialNo)} because they may carry login secrets
 * @param deadlineAt epoch ms after which the command fails with a timeout
 */
// Jackson reads and writes it by reflection (also in a native image).
@io.quarkus.runtime.annotations.RegisterForReflection
public record CommandRequest(String operation, String protocol, String deviceNo, String engineUrl, String phone,
                             String contentEnc, long deadlineAt) {
}
