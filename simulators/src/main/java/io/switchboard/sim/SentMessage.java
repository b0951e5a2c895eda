package io.switchboard.sim;

import java.time.Instant;

/**
 * A message a simulator sent for the platform: a send request the engine accepted, or a cmd 10007 item the LINE
 * device's autopilot sent. Recorded in the order they were sent, so tests can check what arrived, in which order
 * and with what spacing (docs/ENGINES.md "Engine simulators", docs/LINE_DEVICE.md "Simulator").
 *
 * @param seq       1, 2, 3 … per simulator
 * @param at        when the simulator sent it (an engine: when it answered the request; a device: after its
 *                  {@code before_sleep_time})
 * @param command   the request that carried it: LINE_WS {@code SendText} …, CHAT68_WS {@code sendMsg}/{@code sendFile},
 *                  IM_HTTP {@code chat.sendTextMessage} …, LINE_DEVICE {@code 10007}
 * @param targetId  the friend or group it went to, as the protocol names it
 * @param group     true for a group
 * @param type      the message type word: text, image, video, audio, file, location, contact
 * @param content   the text, the media URL, or the location/contact fields as JSON text
 * @param messageId the id the simulator answered with (null where the protocol gives none: LINE_DEVICE)
 * @param serialNo  the command serial the device was given (LINE_DEVICE), else null
 */
public record SentMessage(long seq, Instant at, String command, String targetId, boolean group, String type,
                          String content, String messageId, String serialNo) {
}
