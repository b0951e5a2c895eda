package io.switchboard.common.web;

import io.switchboard.common.api.ApiException;
import io.switchboard.common.config.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Server-side request forgery guard for merchant webhook URLs (DESIGN §3): checked at registration and again at
 * delivery, after DNS resolution. Loopback, private, link-local (cloud metadata), CGNAT, unique-local and
 * multicast targets are refused unless an admin allow-list names the host or range; loopback is also allowed in
 * local mode, for development on one machine.
 */
@ApplicationScoped
public class WebhookUrlPolicy {
    private final boolean localMode;
    private final List<String> allowList;

    @Inject
    public WebhookUrlPolicy(SwitchboardConfig config) {
        this(config.localMode(), config.webhooks().allowList().orElse(List.of()));
    }

    public WebhookUrlPolicy(boolean localMode, List<String> allowList) {
        this.localMode = localMode;
        this.allowList = allowList.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
    }

    /** Returns the parsed URL, or throws a 400 that names the rule it broke. */
    public URI check(String url, String field) {
        if (url == null || url.isBlank()) {
            throw ApiException.missing(field);
        }
        if (url.length() > 2048) {
            throw ApiException.invalid(field + " must be at most 2048 characters");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw ApiException.invalid(field + " is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw ApiException.invalid(field + " must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw ApiException.invalid(field + " has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw ApiException.invalid(field + " must not carry credentials; webhooks are signed instead");
        }
        if (uri.getRawFragment() != null) {
            throw ApiException.invalid(field + " must not have a #fragment");
        }
        checkResolved(uri.getHost(), field);
        return uri;
    }

    /** Resolves the host and refuses it when any of its addresses is internal and not allowed. */
    public void checkResolved(String host, String field) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(h);
        } catch (UnknownHostException e) {
            throw ApiException.invalid(field + " host '" + host + "' does not resolve");
        }
        if (allowList.contains(h)) {
            return;
        }
        for (InetAddress a : addresses) {
            String why = internalReason(a);
            if (why == null || allowedRange(a)) {
                continue;
            }
            if (localMode && a.isLoopbackAddress()) {
                continue;
            }
            throw ApiException.invalid(field + " resolves to " + a.getHostAddress() + ", a " + why
                    + " address; such targets are refused unless an admin allow-lists them");
        }
    }

    static String internalReason(InetAddress a) {
        if (a.isLoopbackAddress()) return "loopback";
        if (a.isAnyLocalAddress()) return "unspecified";
        if (a.isLinkLocalAddress()) return "link-local (metadata)";
        if (a.isSiteLocalAddress()) return "private";
        if (a.isMulticastAddress()) return "multicast";
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int b0 = b[0] & 0xff;
            int b1 = b[1] & 0xff;
            if (b0 == 100 && b1 >= 64 && b1 <= 127) return "shared (CGNAT)";
            if (b0 == 0) return "unspecified";
            if (b0 == 198 && (b1 == 18 || b1 == 19)) return "benchmarking";
            if (b0 >= 240) return "reserved";
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) return "unique-local";
        }
        return null;
    }

    private boolean allowedRange(InetAddress a) {
        for (String entry : allowList) {
            if (entry.contains("/") && Cidr.contains(entry, a)) {
                return true;
            }
        }
        return false;
    }

    /** A tiny CIDR matcher, enough for allow-list entries like 10.0.0.0/8 or fd00::/8. */
    static final class Cidr {
        static boolean contains(String cidr, InetAddress a) {
            try {
                String[] parts = cidr.split("/");
                byte[] net = InetAddress.getByName(parts[0]).getAddress();
                byte[] addr = a.getAddress();
                int bits = Integer.parseInt(parts[1]);
                if (net.length != addr.length || bits < 0 || bits > net.length * 8) {
                    return false;
                }
                for (int i = 0; i < bits; i++) {
                    int mask = 0x80 >> (i % 8);
                    if ((net[i / 8] & mask) != (addr[i / 8] & mask)) {
                        return false;
                    }
                }
                return true;
            } catch (RuntimeException | UnknownHostException e) {
                return false;
            }
        }
    }
}
