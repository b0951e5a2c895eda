package io.switchboard.callback.driver.imhttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;

/**
 * Seed 003's request body ({@code __SERVER_ROUTE_MODULE}/{@code __SERVER_ROUTE_METHOD}) and reply
 * ({@code {code, message, data}}, 200 = success), and the push-socket frames docs/ENGINES.md defines.
 */
final class ImHttpCodec {
    private final ObjectMapper json;

    ImHttpCodec(ObjectMapper json) {
        this.json = json;
    }

    record Push(String type, JsonNode data) {}

    ObjectNode call(String module, String method) {
        return json.createObjectNode().put("__SERVER_ROUTE_MODULE", module).put("__SERVER_ROUTE_METHOD", method);
    }

    /** The reply's data; {@link io.switchboard.callback.driver.engine.EngineError} text for a non-200 code. */
    static String error(JsonNode reply) {
        JsonNode code = reply.get("code");
        if (code == null || !code.canConvertToInt()) {
            return "IM_HTTP app answered without a code";
        }
        return code.asInt() == 200 ? null : "IM_HTTP app error " + code.asInt() + ": " + reply.path("message").asText("");
    }

    /**
     * {@code exportLogin}'s {@code data.value} says which space the password opened: only -2 (the IM password) is
     * the robot's account; 0 (a blank secret room), -1 (a secret room's password) and -3 (the universal clear
     * password) are not a login the platform can use, so the login fails with what happened.
     */
    static JsonNode imAccountOpened(JsonNode data) {
        int value = data.path("value").asInt(Integer.MIN_VALUE);
        if (value == -2) {
            return data;
        }
        String what = switch (value) {
            case 0 -> "a blank secret room";
            case -1 -> "a secret room";
            case -3 -> "the universal clear password";
            default -> "an unknown space";
        };
        throw new io.switchboard.callback.driver.engine.EngineError("IM_HTTP exportLogin: the password opened " + what
                + " (value " + data.path("value").asText("none") + "), not the IM account; log in with the IM password");
    }

    Push read(JsonNode n) {
        return n.hasNonNull("type") ? new Push(n.get("type").asText(), n.path("data")) : null;
    }

    /** The app's push webSocket: {@code /ws} on the API's host and port (ws, or wss for https). */
    static URI pushSocket(URI api) {
        String scheme = "https".equalsIgnoreCase(api.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + api.getRawAuthority() + "/ws");
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /**
     * A message record's content from its {@code msg_cry} (a JSON string): {@code text} for a text, {@code url} for
     * media (docs/ENGINES.md "Media"), else the raw value.
     */
    String content(JsonNode record) {
        String cry = text(record, "msg_cry");
        if (cry == null) {
            return null;
        }
        try {
            JsonNode n = json.readTree(cry);
            if (n != null && n.hasNonNull("text")) {
                return n.get("text").asText();
            }
            return n != null && n.hasNonNull("url") ? n.get("url").asText() : cry;
        } catch (Exception e) {
            return cry;
        }
    }

    /** Seed 003's send method for a unified message type (location has none: refused before). */
    static String sendMethod(int msgType) {
        return switch (msgType) {
            case 0 -> "sendTextMessage";
            case 1 -> "sendImageMessage";
            case 2 -> "sendVideoMessage";
            case 3 -> "sendAudioMessage";
            case 4 -> "sendFileMessage";
            case 6 -> "sendCardMessage";
            default -> throw new io.switchboard.callback.driver.engine.EngineError("msg_type " + msgType
                    + " has no IM_HTTP method");
        };
    }

    /** Seed 003's msg_type codes (1 text, 3 voice, 4 video, 5 file, 6 image) as the unified message types. */
    static int msgType(int imType) {
        return switch (imType) {
            case 1 -> 0;
            case 6 -> 1;
            case 4 -> 2;
            case 3 -> 3;
            case 5 -> 4;
            default -> 99;
        };
    }
}
