package io.switchboard.common.web;

import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ControlCharacters;
import io.switchboard.common.api.ErrorCode;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a request whose decoded path or query holds a control character ({@code %00}, {@code %0A}, …) on every
 * REST endpoint of every service, before authentication and before any resource runs: no identifier, name or
 * filter of the platform contains one, PostgreSQL cannot store NUL, and a line break in a logged path could forge
 * a log line. Bodies are checked elsewhere (the Open API gate, and {@code StrictJson} for JSON bodies).
 */
public class ControlCharacterFilter {

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION - 100)
    public void refuseControlCharacters(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        int i = ControlCharacters.indexOf(path, false);
        if (i >= 0) {
            throw refusal("the request path", path, i);
        }
        MultivaluedMap<String, String> query = ctx.getUriInfo().getQueryParameters();
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            int k = ControlCharacters.indexOf(e.getKey(), false);
            if (k >= 0) {
                throw refusal("a query parameter name", e.getKey(), k);
            }
            for (String v : e.getValue()) {
                int j = v == null ? -1 : ControlCharacters.indexOf(v, false);
                if (j >= 0) {
                    throw refusal("query parameter '" + e.getKey() + "'", v, j);
                }
            }
        }
    }

    private static ApiException refusal(String what, String value, int index) {
        return new ApiException(ErrorCode.CONTROL_CHARACTER, what + " holds the control character "
                + ControlCharacters.name(value, index) + "; control characters are not accepted in paths or queries");
    }
}
