package io.switchboard.callback.webhook;

import io.switchboard.common.api.ApiException;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.web.WebhookUrlPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * The SSRF check at delivery time (DESIGN §3, ARCHITECTURE "Webhook URL policy"): the URL passes
 * {@link WebhookUrlPolicy} again, then the host is resolved once and the very address we will connect to is
 * checked. The sender connects to that address, so a DNS answer that changes between check and connect (DNS
 * rebinding) cannot steer the request to an internal host.
 */
@ApplicationScoped
public class WebhookEndpoints {
    static final String FIELD = "callbackUrl";

    /** A checked URL and the checked address to connect to. */
    public record Endpoint(URI url, InetAddress address) {}

    @Inject
    WebhookUrlPolicy policy;
    @Inject
    SwitchboardConfig config;

    /** Throws {@link ApiException} with the policy's message when the URL or its address is refused. */
    public Endpoint resolve(String url) {
        URI uri = policy.check(url, FIELD);
        String host = bare(uri.getHost());
        InetAddress address;
        try {
            address = InetAddress.getAllByName(host)[0];
        } catch (UnknownHostException e) {
            throw ApiException.invalid(FIELD + " host '" + host + "' does not resolve");
        }
        if (!allowListedByName(host)) {
            policy.checkResolved(address.getHostAddress(), FIELD); // an IP literal: checked without a new lookup
        }
        return new Endpoint(uri, address);
    }

    private boolean allowListedByName(String host) {
        List<String> allowed = config.webhooks().allowList().orElse(List.of());
        return allowed.stream().anyMatch(a -> a.trim().equalsIgnoreCase(host));
    }

    static String bare(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
