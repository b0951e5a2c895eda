package io.switchboard.sim.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One frame (WebSocket engines) or request (IM_HTTP) an engine simulator received, in arrival order.
 *
 * @param seq        1, 2, 3 … per simulator
 * @param connection which connection it came on ({@code ws-3}, {@code http-7})
 * @param command    LINE_WS: {@code command}; CHAT68_WS: the frame {@code type}, or for {@code request} frames
 *                   {@code data.type} ({@code UserInfo}); IM_HTTP: {@code module.method} ({@code login.exportLogin});
 *                   null when the frame is not JSON or names nothing
 * @param kind       LINE_WS: {@code command}; CHAT68_WS: the frame {@code type} ({@code request}, {@code sendMsg});
 *                   IM_HTTP: the module ({@code login}); null when not JSON
 * @param id         the correlation id as text (LINE_WS {@code task_id}, CHAT68_WS {@code id}); null when absent
 *                   and always for IM_HTTP (the HTTP exchange is the correlation)
 * @param body       the parsed JSON, null when the frame was not JSON
 * @param raw        the text exactly as received
 */
public record Received(long seq, Instant at, String connection, String command, String kind, String id,
                       JsonNode body, String raw) {

    /** True when {@code name} is {@code "*"}, this frame's command or its kind. */
    public boolean is(String name) {
        return "*".equals(name) || name.equals(command) || name.equals(kind);
    }

    /** True when the frame was JSON. */
    public boolean json() {
        return body != null;
    }

    @Override
    public String toString() {
        String text = raw.length() > 200 ? raw.substring(0, 200) + "…" : raw;
        return "#" + seq + " " + connection + " " + command + (id == null ? "" : " id=" + id) + " " + text;
    }
}
