package io.switchboard.callback.driver.line;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.callback.command.CommandRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Push frames: the seed's {@code {"serial_no","phone","cmd","cmd_type","content"}} plus {@code robot_serial_no}
 * (ours: the seed's commands do not say which robot, and the device needs it for the robot-serial_no header).
 * Content over {@link #INLINE_LIMIT} bytes is not pushed ({@code cmd_type} 1): the device fetches it with
 * GetPushContent, the seed's fix for memory blow-ups at 20 000+ connections.
 */
@ApplicationScoped
public class LineFrames {
    public static final int INLINE_LIMIT = 1024;
    public static final int CONTENT_INLINE = 0;
    public static final int CONTENT_BY_REFERENCE = 1;

    @Inject
    ObjectMapper json;

    public String frame(CommandRecord c, JsonNode content) {
        ObjectNode f = json.createObjectNode();
        f.put("serial_no", c.serialNo);
        String phone = c.phone != null ? c.phone : content.path(LineLoginContent.PHONE).asText("");
        Integer cmd = LineCommands.cmd(c.operation);
        if (cmd != null && cmd == LineCommands.LOGIN) {
            f.put("country_code", content.path(LineLoginContent.COUNTRY_CODE).asText("")); // as the seed's login frame
        }
        f.put("phone", phone);
        f.put("cmd", cmd);
        if (size(content) > INLINE_LIMIT) {
            f.put("cmd_type", CONTENT_BY_REFERENCE);
        } else {
            f.put("cmd_type", CONTENT_INLINE);
            f.set("content", content);
        }
        f.put("robot_serial_no", c.robotSerialNo);
        return f.toString();
    }

    private int size(JsonNode content) {
        try {
            return json.writeValueAsBytes(content).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
