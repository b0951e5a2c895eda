package io.switchboard.callback.driver.chat68;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

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

    /** The text of a {@code sendMsg}-shaped list: the text items' contents, one per line. */
    static String content(JsonNode list) {
        StringBuilder s = new StringBuilder();
        for (JsonNode item : list) {
            String c = item.path("values").path("content").asText(null);
            if (c != null) {
                s.append(s.isEmpty() ? "" : "\n").append(c);
            }
        }
        return s.toString();
    }
}
