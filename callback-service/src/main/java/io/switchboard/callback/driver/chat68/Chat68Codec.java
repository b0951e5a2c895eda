package io.switchboard.callback.driver.chat68;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.callback.driver.engine.EngineError;
import io.switchboard.callback.link.OutboundMessage;

/**
 * Seed 004's frames ({@code {id, type, data}}, errors as {@code error {errorCode, errorDesc}}) and the push shape
 * docs/ENGINES.md defines: every frame the CHAT68_WS driver writes is built here, every frame it reads classified.
 */
final class Chat68Codec {
    /** Commands carry {@code sb-<seq>}; the driver's own requests {@code sb-i-<n>}. */
    static final String COMMAND_PREFIX = "sb-";
    static final String OWN_PREFIX = "sb-i-";

    private final ObjectMapper json;

    Chat68Codec(ObjectMapper json) {
        this.json = json;
    }

    record Reply(String id, String error, JsonNode data) {}

    record Push(String event, JsonNode data) {}

    ObjectNode frame(String id, String type) {
        return json.createObjectNode().put("id", id).put("type", type);
    }

    /** A {@code request} proxying one webbiz URL (seed: {@code {"type","url","data"}}). */
    ObjectNode request(String id, String requestType, String apiUrl, String path, JsonNode data) {
        return request(id, requestType, null, apiUrl, path, data);
    }

    /** {@code protoType}: the seed sends {@code "protoType":"group"} with the group member requests. */
    ObjectNode request(String id, String requestType, String protoType, String apiUrl, String path, JsonNode data) {
        ObjectNode f = frame(id, "request");
        ObjectNode d = f.putObject("data").put("type", requestType);
        if (protoType != null) {
            d.put("protoType", protoType);
        }
        d.put("url", apiUrl + path);
        if (data != null) {
            d.set("data", data);
        }
        return f;
    }

    /**
     * A message send under the command's {@code id}: text is seed 004's {@code sendMsg {id, type, list:[{type:"text",
     * values:{chatType:0, content}}], quoteInfo:null}}; image, video, audio and file are {@code sendFile {file, type,
     * id}} with the URL as {@code file} (docs/PROTOCOLS.md). {@code type} is friend or group, {@code id} the
     * 68chat number.
     */
    ObjectNode send(String id, OutboundMessage m) {
        String target = m.toGroup() ? "group" : "friend";
        if (m.msgType() == 0) {
            ObjectNode f = frame(id, "sendMsg");
            ObjectNode d = f.putObject("data").put("id", number(m.targetId())).put("type", target);
            d.putArray("list").addObject().put("type", "text").putObject("values").put("chatType", 0)
                    .put("content", m.content());
            d.putNull("quoteInfo");
            return f;
        }
        if (!m.media()) {
            throw new IllegalArgumentException("msg_type " + m.msgType() + " has no CHAT68_WS frame");
        }
        ObjectNode f = frame(id, "sendFile");
        f.putObject("data").put("file", m.content()).put("type", target).put("id", number(m.targetId()));
        return f;
    }

    /** 68chat ids are numbers in requests (seed: {@code "groupId": 389284}); a non-numeric id is refused here. */
    static long number(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new EngineError("'" + id + "' is not a 68chat id (68chat ids are numbers)");
        }
    }

    Object read(JsonNode n) {
        String type = n.path("type").asText("");
        if (type.equals("event")) {
            JsonNode d = n.path("data");
            return d.hasNonNull("event") ? new Push(d.get("event").asText(), d) : null;
        }
        if (!n.hasNonNull("id")) {
            return null;
        }
        String id = n.get("id").asText();
        JsonNode error = n.get("error");
        if (error != null && error.isObject()) {
            return new Reply(id, "CHAT68_WS engine error " + error.path("errorCode").asText("?") + ": "
                    + error.path("errorDesc").asText(""), n.path("data"));
        }
        JsonNode errCode = n.path("data").path("commonResult").path("errCode");
        if (!errCode.isMissingNode() && errCode.asInt() != 200) {
            return new Reply(id, "CHAT68_WS engine error " + errCode.asText(), n.path("data"));
        }
        return new Reply(id, null, n.path("data"));
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /**
     * The content of a {@code sendMsg}-shaped list: the text items' contents, one per line; for a media item
     * ({@code {"type":"image",…,"values":{"url"}}}, docs/ENGINES.md) its URL.
     */
    static String content(JsonNode list) {
        StringBuilder s = new StringBuilder();
        for (JsonNode item : list) {
            String c = item.path("values").path("content").asText(null);
            if (c != null) {
                s.append(s.isEmpty() ? "" : "\n").append(c);
            }
        }
        if (s.isEmpty()) {
            for (JsonNode item : list) {
                String url = item.path("values").path("url").asText(null);
                if (url != null) {
                    return url;
                }
            }
        }
        return s.toString();
    }
}
