package io.switchboard.sim.line;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What callback-service answered to one post.
 *
 * @param status HTTP status
 * @param body   the reply parsed as JSON; a text node holding the raw text when it was not JSON
 */
public record Reply(int status, JsonNode body) {

    /** HTTP 2xx and {@code "success": true} in the body, as the seed's replies say it. */
    public boolean success() {
        return status / 100 == 2 && body.path("success").asBoolean(false);
    }

    /** The body's {@code message}, or "" when there is none. */
    public String message() {
        return body.path("message").asText("");
    }

    @Override
    public String toString() {
        return status + " " + body;
    }
}
