package io.switchboard.sim.demo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The merchant's side of a webhook signature (<a href="https://www.standardwebhooks.com/">Standard Webhooks</a>,
 * docs/WEBHOOKS.md), written from the documentation alone so it checks the platform's signer independently:
 * {@code v1,} + base64(HMAC-SHA256(base64-decode(secret without "whsec_"), id + "." + timestamp + "." + body)).
 */
public final class StandardWebhooks {

    /** How far {@code webhook-timestamp} may be from our clock (replay protection), as the documentation advises. */
    public static final long DEFAULT_TOLERANCE_SECONDS = 300;

    private static final String PREFIX = "whsec_";

    private StandardWebhooks() {
    }

    /** The outcome of a check: {@code ok}, or why not. */
    public record Verdict(boolean ok, String reason) {
        static Verdict valid() {
            return new Verdict(true, "signature ok");
        }

        static Verdict invalid(String reason) {
            return new Verdict(false, reason);
        }
    }

    /** {@code v1,<base64 signature>} of this message. */
    public static String sign(String secret, String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * Checks the three headers against the raw body.
     *
     * @param signatures the {@code webhook-signature} header: {@code v1,<sig>} entries separated by spaces; any
     *                   one that matches is enough (several are sent while a secret is being rotated)
     * @param nowSeconds our clock, unix seconds
     */
    public static Verdict verify(String secret, String id, String timestamp, String signatures, byte[] body,
                                 long nowSeconds, long toleranceSeconds) {
        if (id == null || id.isBlank()) {
            return Verdict.invalid("no webhook-id header");
        }
        if (timestamp == null || signatures == null) {
            return Verdict.invalid(timestamp == null ? "no webhook-timestamp header" : "no webhook-signature header");
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Verdict.invalid("webhook-timestamp '" + timestamp + "' is not a number");
        }
        if (Math.abs(nowSeconds - ts) > toleranceSeconds) {
            return Verdict.invalid("webhook-timestamp " + ts + " is " + (nowSeconds - ts) + " s from our clock");
        }
        byte[] expected;
        try {
            expected = sign(secret, id, timestamp, body).getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Verdict.invalid("the webhook secret is not valid base64 after '" + PREFIX + "'");
        }
        for (String candidate : signatures.trim().split(" +")) {
            // Constant time: do not tell an attacker how much of a forged signature was right.
            if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8))) {
                return Verdict.valid();
            }
        }
        return Verdict.invalid("no signature in webhook-signature matches");
    }

    private static byte[] key(String secret) {
        String b64 = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        return Base64.getDecoder().decode(b64);
    }
}
