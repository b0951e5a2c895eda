package io.switchboard.common.crypto;

import io.switchboard.common.config.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for secrets at rest. Stored form: {@code v1:<keyId>:<base64(iv || ciphertext || tag)>}.
 * The key id makes rotation possible (new writes use the active key, old ids stay readable); the
 * {@code context} is bound as associated data, so a ciphertext copied to another row or column fails to open.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup // malformed SB_CRYPTO_KEYS fail the boot, not the first request that needs a key
public class SecretCipher {
    private static final String VERSION = "v1";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, SecretKey> keys;
    private final String activeKeyId;

    @Inject
    public SecretCipher(SwitchboardConfig config) {
        this(config.crypto().keys().orElse(""), config.crypto().activeKey());
    }

    public SecretCipher(String keySpec, String activeKeyId) {
        this.keys = parseKeys(keySpec);
        this.activeKeyId = activeKeyId;
        if (!keys.isEmpty() && !keys.containsKey(activeKeyId)) {
            throw new IllegalStateException("SB_CRYPTO_ACTIVE_KEY '" + activeKeyId + "' is not among SB_CRYPTO_KEYS");
        }
    }

    static Map<String, SecretKey> parseKeys(String spec) {
        Map<String, SecretKey> out = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return out;
        }
        for (String part : spec.split(",")) {
            String p = part.trim();
            int colon = p.indexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException("SB_CRYPTO_KEYS entries must look like keyId:base64key");
            }
            String id = p.substring(0, colon);
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(p.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("SB_CRYPTO_KEYS key '" + id + "' is not valid base64");
            }
            if (raw.length != 32) {
                throw new IllegalStateException("SB_CRYPTO_KEYS key '" + id + "' must be 32 bytes (AES-256), got "
                        + raw.length);
            }
            out.put(id, new SecretKeySpec(raw, "AES"));
        }
        return out;
    }

    public String encrypt(String plaintext, String context) {
        if (plaintext == null) {
            return null;
        }
        SecretKey key = keys.get(activeKeyId);
        if (key == null) {
            throw new IllegalStateException("no encryption key configured: set SB_CRYPTO_KEYS and SB_CRYPTO_ACTIVE_KEY");
        }
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(aad(context));
            byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array();
            return VERSION + ":" + activeKeyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String decrypt(String stored, String context) {
        if (stored == null) {
            return null;
        }
        String[] parts = stored.split(":", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new IllegalStateException("unsupported secret format");
        }
        SecretKey key = keys.get(parts[1]);
        if (key == null) {
            throw new IllegalStateException("secret was encrypted with key id '" + parts[1]
                    + "', which is not in SB_CRYPTO_KEYS");
        }
        byte[] all = Base64.getDecoder().decode(parts[2]);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            c.updateAAD(aad(context));
            return new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("secret cannot be decrypted (wrong key or context, or tampered)");
        }
    }

    /** True when the value was written with a key other than the active one (a candidate for re-encryption). */
    public boolean needsRotation(String stored) {
        String[] parts = stored.split(":", 3);
        return parts.length != 3 || !activeKeyId.equals(parts[1]);
    }

    private static byte[] aad(String context) {
        return (context == null ? "" : context).getBytes(StandardCharsets.UTF_8);
    }
}
