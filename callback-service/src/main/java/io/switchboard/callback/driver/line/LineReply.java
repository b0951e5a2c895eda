package io.switchboard.callback.driver.line;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A reply to a device, in the seed's shape {@code {"success","message",…}}. */
public record LineReply(int status, ObjectNode body) {

    public static LineReply ok(String message) {
        return new LineReply(200, base(true, message));
    }

    public static LineReply okWith(JsonNode data) {
        ObjectNode b = base(true, "");
        b.set("data", data);
        return new LineReply(200, b);
    }

    /** The seed's RobotLoginFailure reply: {@code {"success":true,"code":"0","message":""}}. */
    public static LineReply okWithCode() {
        ObjectNode b = JsonNodeFactory.instance.objectNode().put("success", true).put("code", "0").put("message", "");
        return new LineReply(200, b);
    }

    /** {@code success:false} with HTTP 200: an answer the device acts on (e.g. keep polling), not an error. */
    public static LineReply notYet(String message) {
        return new LineReply(200, base(false, message));
    }

    public static LineReply error(int status, String message) {
        return new LineReply(status, base(false, message));
    }

    private static ObjectNode base(boolean success, String message) {
        return JsonNodeFactory.instance.objectNode().put("success", success).put("message", message);
    }
}
