package io.switchboard.callback.webhook;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)>} per active
 * secret, space-separated, where the key is the base64 after {@code whsec_}. Secrets never leave this class in
 * an exception message or a log line.
 */
public final class WebhookSigner {
    static final String PREFIX = "whsec_";

    private WebhookSigner() {}

    /** The {@code webhook-signature} header value; empty when no secret is usable. */
    public static String signatureHeader(String id, long timestampSeconds, String body, List<String> secrets) {
        byte[] content = (id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8);
        List<String> signatures = new ArrayList<>();
        for (String secret : secrets == null ? List.<String>of() : secrets) {
            byte[] key = key(secret);
            if (key != null) {
                signatures.add("v1," + Base64.getEncoder().encodeToString(hmac(key, content)));
            }
        }
        return String.join(" ", signatures);
    }

    /** The HMAC key of a {@code whsec_<base64>} secret, or null when it is malformed. */
    static byte[] key(String secret) {
        if (secret == null || secret.isBlank()) {
            return null;
        }
        String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        try {
            byte[] key = Base64.getDecoder().decode(encoded.trim());
            return key.length == 0 ? null : key;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] hmac(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable");
        }
    }
}
