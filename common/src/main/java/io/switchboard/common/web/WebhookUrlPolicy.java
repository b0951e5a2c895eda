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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Server-side request forgery guard for URLs a merchant gives us to call (DESIGN §3; engine URLs, §5, use it too):
 * checked at registration and again at delivery, after DNS resolution. Loopback, private, link-local (cloud
 * metadata), CGNAT, unique-local, documentation, reserved and multicast targets are refused unless an admin
 * allow-list names the host or range; loopback is also allowed in local mode, for development on one machine.
 * An IPv4 address carried inside an IPv6 one (IPv4-compatible, IPv4-translated, NAT64, 6to4, Teredo) is judged by
 * the IPv4 rules. Legacy IPv4 spellings (octal, hex, fewer than four parts, one integer) are refused before any
 * lookup, because resolvers disagree on what they mean: Java reads {@code 0177.0.0.1} as 177.0.0.1, inet_aton
 * as 127.0.0.1.
 */
@ApplicationScoped
public class WebhookUrlPolicy {
    /** The schemes of a webhook (and of an {@code IM_HTTP} engine). */
    public static final Set<String> HTTP = Set.of("http", "https");
    /** The schemes of a WebSocket engine ({@code LINE_WS}, {@code CHAT68_WS}). */
    public static final Set<String> WEBSOCKET = Set.of("ws", "wss");

    private static final Pattern NUMERIC_PART = Pattern.compile("0[xX][0-9a-fA-F]*|[0-9]+");
    private static final Pattern CANONICAL_OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");

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

    /** An http or https URL: returns it parsed, or throws a 400 that names the rule it broke. */
    public URI check(String url, String field) {
        return check(url, field, HTTP);
    }

    /**
     * A URL whose scheme is one of {@code schemes} (lower case, e.g. {@link #HTTP}, {@link #WEBSOCKET}): returns it
     * parsed, or throws a 400 that names the rule it broke.
     */
    public URI check(String url, String field, Set<String> schemes) {
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
        if (!schemes.contains(scheme)) {
            throw ApiException.invalid(field + " must be a URL with scheme " + String.join(" or ", new TreeSet<>(schemes)));
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            // java.net.URI finds no host in "http://127.1/" or "http://0x7f.0.0.1/": say why when that is the cause.
            String host = authorityHost(uri.getRawAuthority());
            if (host != null && isNumericHost(host)) {
                throw legacyIpv4(host, field);
            }
            throw ApiException.invalid(field + " has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw ApiException.invalid(field + " must not carry credentials (user:password@)");
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
        if (isNumericHost(h) && !isCanonicalIpv4(h)) {
            throw legacyIpv4(host, field);
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
            checkAddress(a, field);
        }
    }

    /** Refuses one resolved address when it is internal and not allowed (no lookup). */
    public void checkAddress(InetAddress a, String field) {
        String why = internalReason(a);
        if (why == null || allowedRange(a)) {
            return;
        }
        if (localMode && a.isLoopbackAddress()) {
            return;
        }
        throw ApiException.invalid(field + " resolves to " + a.getHostAddress() + ", a " + why
                + " address; such targets are refused unless an admin allow-lists them");
    }

    /** Why {@code a} is an internal target, or null when it is public. */
    static String internalReason(InetAddress a) {
        String own = ownReason(a);
        if (own != null) {
            return own;
        }
        if (a instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            if (startsWith(b, 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01)) {
                return "local-use NAT64 (64:ff9b:1::/48)";
            }
            for (Embedded e : embedded(v6)) {
                String why = ownReason(e.ipv4());
                if (why != null) {
                    return why + " (IPv4 " + e.ipv4().getHostAddress() + " inside " + e.kind() + ")";
                }
            }
        }
        return null;
    }

    /** The rules for the address itself, IPv4 or IPv6, without looking inside. */
    private static String ownReason(InetAddress a) {
        if (a.isLoopbackAddress()) return "loopback";
        if (a.isAnyLocalAddress()) return "unspecified";
        if (a.isLinkLocalAddress()) return "link-local (metadata)";
        if (a.isSiteLocalAddress()) return "private";
        if (a.isMulticastAddress()) return "multicast";
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int b0 = b[0] & 0xff;
            int b1 = b[1] & 0xff;
            int b2 = b[2] & 0xff;
            if (b0 == 100 && b1 >= 64 && b1 <= 127) return "shared (CGNAT)";
            if (b0 == 0) return "unspecified";
            if (b0 == 198 && (b1 == 18 || b1 == 19)) return "benchmarking";
            if (b0 == 192 && b1 == 0 && b2 == 0) return "reserved (IETF protocol assignments)";
            if ((b0 == 192 && b1 == 0 && b2 == 2) || (b0 == 198 && b1 == 51 && b2 == 100)
                    || (b0 == 203 && b1 == 0 && b2 == 113)) return "documentation";
            if (b0 >= 240) return "reserved";
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) return "unique-local";
            if (startsWith(b, 0x20, 0x01, 0x0d, 0xb8)) return "documentation";
            if (startsWith(b, 0x01, 0x00, 0, 0, 0, 0, 0, 0)) return "discard-only";
        }
        return null;
    }

    /** An IPv4 address inside an IPv6 one, and which scheme put it there. */
    record Embedded(String kind, Inet4Address ipv4) {}

    static List<Embedded> embedded(Inet6Address a) {
        byte[] b = a.getAddress();
        List<Embedded> out = new ArrayList<>(2);
        if (zero(b, 0, 12)) {
            out.add(new Embedded("IPv4-compatible ::/96", ipv4(b, 12, false)));
        } else if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            out.add(new Embedded("IPv4-mapped ::ffff:0:0/96", ipv4(b, 12, false)));
        } else if (zero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && zero(b, 10, 12)) {
            out.add(new Embedded("IPv4-translated ::ffff:0:0:0/96", ipv4(b, 12, false)));
        } else if (startsWith(b, 0x00, 0x64, 0xff, 0x9b) && zero(b, 4, 12)) {
            out.add(new Embedded("NAT64 64:ff9b::/96", ipv4(b, 12, false)));
        } else if (startsWith(b, 0x20, 0x02)) {
            out.add(new Embedded("6to4 2002::/16", ipv4(b, 2, false)));
        } else if (startsWith(b, 0x20, 0x01, 0x00, 0x00)) {
            // Teredo: the client's address is stored inverted in the last 32 bits, the server's in bits 32-63.
            out.add(new Embedded("Teredo 2001::/32 (client)", ipv4(b, 12, true)));
            out.add(new Embedded("Teredo 2001::/32 (server)", ipv4(b, 4, false)));
        }
        return out;
    }

    private static Inet4Address ipv4(byte[] b, int from, boolean inverted) {
        byte[] v4 = new byte[4];
        for (int i = 0; i < 4; i++) {
            v4[i] = (byte) (inverted ? ~b[from + i] : b[from + i]);
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean allowedRange(InetAddress a) {
        List<InetAddress> candidates = new ArrayList<>(List.of(a));
        if (a instanceof Inet6Address v6) {
            embedded(v6).forEach(e -> candidates.add(e.ipv4()));
        }
        for (String entry : allowList) {
            if (entry.contains("/") && candidates.stream().anyMatch(c -> Cidr.contains(entry, c))) {
                return true;
            }
        }
        return false;
    }

    // --- legacy IPv4 spellings --------------------------------------------------------------------------------

    /** True when every dot-separated part is a number in inet_aton's eyes (decimal, 0-octal or 0x-hex). */
    static boolean isNumericHost(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (h.isEmpty()) {
            return false;
        }
        for (String part : h.split("\\.", -1)) {
            if (!NUMERIC_PART.matcher(part).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Four decimal parts 0–255 without leading zeros and no trailing dot: the one form every resolver agrees on. */
    static boolean isCanonicalIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!CANONICAL_OCTET.matcher(part).matches() || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** What inet_aton makes of a numeric host ("a", "a.b", "a.b.c", "a.b.c.d"), or null when it refuses it. */
    static String inetAton(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = h.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].toLowerCase(Locale.ROOT);
            try {
                v[i] = p.startsWith("0x") ? (p.length() == 2 ? 0 : Long.parseLong(p.substring(2), 16))
                        : p.length() > 1 && p.startsWith("0") ? Long.parseLong(p.substring(1), 8)
                        : Long.parseLong(p);
            } catch (NumberFormatException e) {
                return null; // 08, 09, or too long
            }
        }
        long value = 0;
        for (int i = 0; i < v.length - 1; i++) {
            if (v[i] > 0xff) {
                return null;
            }
            value |= v[i] << (24 - 8 * i);
        }
        long last = v[v.length - 1];
        if (last > (0xffffffffL >>> (8 * (v.length - 1)))) {
            return null;
        }
        value |= last;
        return ((value >>> 24) & 0xff) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff) + "." + (value & 0xff);
    }

    private static ApiException legacyIpv4(String host, String field) {
        String meaning = inetAton(host);
        return ApiException.invalid(field + " host '" + host + "' is " + (meaning == null
                ? "not a valid IPv4 address"
                : "an ambiguous IPv4 spelling (octal, hex, or fewer than four parts: inet_aton reads it as "
                        + meaning + ", other resolvers differently)")
                + "; write an IPv4 address as four decimal numbers 0-255 without leading zeros");
    }

    /** The host of a raw authority ("user@host:port", "[v6]:port"), or null. */
    private static String authorityHost(String authority) {
        if (authority == null) {
            return null;
        }
        String a = authority.substring(authority.lastIndexOf('@') + 1);
        if (a.startsWith("[")) {
            return null;
        }
        int colon = a.lastIndexOf(':');
        return colon >= 0 ? a.substring(0, colon) : a;
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
