package io.switchboard.common.auth;

import io.switchboard.common.api.ErrorBody;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.config.SwitchboardConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Bearer-token gate: {@code /admin/**} takes the admin token, {@code /internal/**} the internal token (or the
 * admin token, so an operator can call internal endpoints while debugging). No token configured means refused.
 */
public class TokenAuthFilter {

    // Looked up per request: filters are built during static init, before runtime config mappings exist.
    @Inject
    Instance<SwitchboardConfig> config;

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> authenticate(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        boolean admin = isUnder(path, "/admin");
        boolean internal = isUnder(path, "/internal");
        if (!admin && !internal) {
            return Optional.empty();
        }
        String presented = bearer(ctx.getHeaderString(HttpHeaders.AUTHORIZATION));
        SwitchboardConfig cfg = config.get();
        boolean ok = matches(presented, cfg.admin().token())
                || (internal && matches(presented, cfg.internal().token()));
        if (ok) {
            return Optional.empty();
        }
        String why = presented == null ? "missing bearer token" : "invalid bearer token";
        return Optional.of(Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(ErrorCode.UNAUTHORIZED, why))
                .build());
    }

    private static boolean isUnder(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    public static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /** Constant-time comparison, so response timing does not leak the token. */
    public static boolean matches(String presented, Optional<String> expected) {
        if (presented == null || expected.isEmpty() || expected.get().isBlank()) {
            return false;
        }
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                expected.get().getBytes(StandardCharsets.UTF_8));
    }
}
