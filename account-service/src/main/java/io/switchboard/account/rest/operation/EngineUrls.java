package io.switchboard.account.rest.operation;

import io.switchboard.account.rest.operation.LoginOperation.Protocol;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.web.WebhookUrlPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Checks a merchant-supplied {@code engine_url} (DESIGN §5) before anything is stored: the protocol's schemes
 * ({@code ws}/{@code wss}, or {@code http}/{@code https} for IM_HTTP), a host, no credentials, no fragment, and
 * then the webhook URL policy's address rules ({@link WebhookUrlPolicy#checkResolved}): metadata and link-local
 * targets always refused, loopback and private ranges only when the admin allow-list names them (local mode
 * allows loopback).
 */
@ApplicationScoped
public class EngineUrls {
    static final String FIELD = "data.engine_url";

    @Inject
    WebhookUrlPolicy policy;

    /** Returns the URL to store, or throws a 400 that says which rule it broke. */
    public String check(Protocol protocol, String url) {
        if (url == null || url.isBlank()) {
            throw ApiException.missing(FIELD + " (the " + protocol + " engine, " + protocol.schemeHint() + ")");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw ApiException.invalid(FIELD + " is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!protocol.schemes().contains(scheme)) {
            throw ApiException.invalid(FIELD + " must be a " + protocol.schemeHint() + " URL for " + protocol);
        }
        if (uri.getRawUserInfo() != null) {
            throw ApiException.invalid(FIELD + " must not carry credentials (user:password@); engine credentials "
                    + "go in the login fields, which are stored encrypted");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw ApiException.invalid(FIELD + " has no host");
        }
        if (uri.getRawFragment() != null) {
            throw ApiException.invalid(FIELD + " must not have a #fragment");
        }
        policy.checkResolved(uri.getHost(), FIELD);
        return uri.toString();
    }
}
