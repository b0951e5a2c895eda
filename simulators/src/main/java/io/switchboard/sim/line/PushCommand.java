package io.switchboard.sim.line;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One command pushed to the device: the seed's frame {@code {"serial_no","phone","cmd","cmd_type","content"}}.
 *
 * @param serialNo     the command's serial ({@code serial_no}); results are posted with it
 * @param phone        the robot's phone, with country code
 * @param cmd          10000 login … 10010 sync contacts
 * @param cmdType      0 content inline, 1 content must be fetched with GetPushContent, 2 no content
 * @param content      the inline content, or for {@code cmd_type} 1 the fetched {@code data}; null when there is
 *                     none or the fetch failed
 * @param frame        the frame exactly as received
 * @param contentReply for {@code cmd_type} 1, the GetPushContent reply (also when it failed); otherwise null
 * @param receivedAt   when the frame arrived (before any content fetch)
 */
public record PushCommand(String serialNo, String phone, int cmd, int cmdType, JsonNode content, JsonNode frame,
                          Reply contentReply, Instant receivedAt) {

    /** Content was announced by reference but could not be fetched. */
    public boolean contentMissing() {
        return cmdType == 1 && content == null;
    }

    /** A one-line description that leaves the content (passwords, cache_info) out of logs. */
    @Override
    public String toString() {
        return "cmd=" + cmd + " cmd_type=" + cmdType + " serial_no=" + serialNo + " phone=" + phone
                + (contentReply == null ? "" : " content_fetch=" + contentReply.status());
    }
}
