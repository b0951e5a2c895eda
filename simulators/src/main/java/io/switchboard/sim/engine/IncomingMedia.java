package io.switchboard.sim.engine;

import java.util.Set;

/**
 * A media message someone sends the robot, for {@link EngineSimulator#pushIncomingMedia(IncomingMedia)}.
 *
 * @param from  the sender's id in the protocol; null = the simulator's default contact
 * @param group the group it was posted in, null for a direct message
 * @param type  image, video, audio or file
 * @param url   where the file can be fetched: CHAT68_WS and IM_HTTP put it in the push; LINE_WS pushes only the
 *              message id and serves this URL's bytes (or a generated file when null) through {@code DownloadFile}
 * @param name  the file's name (IM_HTTP puts it in {@code msg_cry}); may be null
 */
public record IncomingMedia(String from, String group, String type, String url, String name) {
    public static final Set<String> TYPES = Set.of("image", "video", "audio", "file");

    public IncomingMedia {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("type must be image, video, audio or file, was " + type);
        }
    }

    public static IncomingMedia direct(String from, String type, String url) {
        return new IncomingMedia(from, null, type, url, null);
    }

    public static IncomingMedia inGroup(String group, String from, String type, String url) {
        return new IncomingMedia(from, group, type, url, null);
    }
}
