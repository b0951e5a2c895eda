package io.switchboard.callback.driver.linews;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.callback.link.OutboundMessage;

/**
 * Seed 002's frames, and the reply and push shapes docs/ENGINES.md defines for them: every frame the LINE_WS driver
 * writes is built here, every frame it reads is classified here.
 */
final class LineWsCodec {
    private final ObjectMapper json;

    LineWsCodec(ObjectMapper json) {
        this.json = json;
    }

    /** A reply: {@code {"task_id","command","code","message","data"}}. */
    record Reply(String taskId, String command, String error, JsonNode data) {}

    /** A push: {@code {"event","data"}}. */
    record Push(String event, JsonNode data) {}

    ObjectNode command(long taskId, String name) {
        return json.createObjectNode().put("task_id", taskId).put("command", name);
    }

    /**
     * {@code Login} (email, password, cert) or {@code LoginWithToken} (phone, auth_token), with the proxy fields,
     * from the login command's unified content (account-service's keys).
     */
    ObjectNode login(long taskId, JsonNode content) {
        String token = text(content, "authToken");
        ObjectNode f;
        if (token != null) {
            f = command(taskId, "LoginWithToken").put("phone", phone(content)).put("auth_token", token);
        } else {
            f = command(taskId, "Login").put("email", text(content, "email"))
                    .put("password", text(content, "password"));
            String cert = text(content, "cert");
            f.put("cert", cert == null ? "" : cert); // "" on a first login: the engine then shows a PIN
        }
        JsonNode proxy = content.path("proxy");
        if (proxy.isObject()) {
            f.put("proxy_type", text(proxy, "type")).put("proxy_server", text(proxy, "server"))
                    .put("proxy_port", proxy.path("port").asInt())
                    .put("proxy_username", orEmpty(text(proxy, "username")))
                    .put("proxy_password", orEmpty(text(proxy, "password")));
        } else {
            f.put("proxy_type", "").put("proxy_server", "").put("proxy_port", 0).put("proxy_username", "")
                    .put("proxy_password", "");
        }
        return f;
    }

    /**
     * The seed's send command for the message's type, under {@code taskId}: {@code SendText {to, content}},
     * {@code SendImage}/{@code SendFile {to, path}}, {@code SendVideo}/{@code SendAudio {to, path, duration}},
     * {@code SendLocation {to, title, address, latitude, longitude}}, {@code SendContact {to, displayName,
     * contactMidOrVcard, contactIsMid}}. Media go as their URL in {@code path} (docs/PROTOCOLS.md); the duration is
     * 0 (the unified message has none).
     */
    ObjectNode send(long taskId, OutboundMessage m) {
        String to = m.targetId();
        return switch (m.msgType()) {
            case 0 -> command(taskId, "SendText").put("to", to).put("content", m.content());
            case 1 -> command(taskId, "SendImage").put("to", to).put("path", m.content());
            case 2 -> command(taskId, "SendVideo").put("to", to).put("path", m.content()).put("duration", 0);
            case 3 -> command(taskId, "SendAudio").put("to", to).put("path", m.content()).put("duration", 0);
            case 4 -> command(taskId, "SendFile").put("to", to).put("path", m.content());
            case 5 -> {
                JsonNode l = m.fields();
                yield command(taskId, "SendLocation").put("to", to).put("title", l.path("title").asText(""))
                        .put("address", l.path("address").asText("")).put("latitude", degrees(l, "latitude"))
                        .put("longitude", degrees(l, "longitude"));
            }
            case 6 -> {
                JsonNode card = m.fields();
                String mid = card.path("userId").asText("");
                if (mid.isBlank()) {
                    throw new IllegalArgumentException("a contact card needs content.userId (the contact's mid)");
                }
                yield command(taskId, "SendContact").put("to", to).put("displayName", card.path("name").asText(""))
                        .put("contactMidOrVcard", mid).put("contactIsMid", true);
            }
            default -> throw new IllegalArgumentException("msg_type " + m.msgType() + " has no LINE_WS command");
        };
    }

    /** Where the driver asks the engine to save an inbound message's file (a name under the engine's own directory). */
    static String downloadPath(String msgId) {
        return "switchboard-media/" + msgId;
    }

    /** What {@code DownloadFile} answered: the file's {@code url}, else its {@code path} on the engine host. */
    static String downloaded(JsonNode data) {
        String url = text(data, "url");
        return url != null && !url.isBlank() ? url : text(data, "path");
    }

    private static double degrees(JsonNode location, String field) {
        JsonNode v = location.get(field);
        if (v != null && v.isNumber()) {
            return v.asDouble();
        }
        if (v != null && v.isTextual()) {
            try {
                return Double.parseDouble(v.asText());
            } catch (NumberFormatException e) {
                // refused below
            }
        }
        throw new IllegalArgumentException("a location needs content." + field + " (a number)");
    }

    /** Reads a frame: a {@link Reply}, a {@link Push}, or null for a shape this protocol does not have. */
    Object read(JsonNode n) {
        if (n.hasNonNull("event")) {
            return new Push(n.get("event").asText(), n.path("data"));
        }
        JsonNode code = n.get("code");
        String command = n.path("command").asText(null);
        if (code == null || !code.canConvertToInt() || (!n.hasNonNull("task_id") && command == null)) {
            return null;
        }
        String taskId = n.hasNonNull("task_id") ? n.get("task_id").asText() : null;
        String error = code.asInt() == 0 ? null
                : "LINE_WS engine error " + code.asInt() + ": " + n.path("message").asText("");
        return new Reply(taskId, command, error, n.path("data"));
    }

    static boolean isLogin(String command) {
        return "Login".equals(command) || "LoginWithToken".equals(command);
    }

    private static String phone(JsonNode content) {
        String phone = text(content, "phone");
        String cc = text(content, "countryCode");
        if (phone == null || phone.startsWith("+")) {
            return phone;
        }
        return cc != null && !phone.startsWith(cc) ? "+" + cc + phone : "+" + phone;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
