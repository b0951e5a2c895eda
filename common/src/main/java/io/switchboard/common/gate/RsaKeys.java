package io.switchboard.common.gate;

import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** RSA public keys (X.509 SPKI, PEM or bare base64) and the two Open API signature types. */
public final class RsaKeys {
    public static final int MIN_KEY_BITS = 2048;

    private RsaKeys() {}

    /** Parses a merchant's public key; refuses anything that is not an RSA key of at least 2048 bits. */
    public static RSAPublicKey parsePublicKey(String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.missing("rsaPublicKey");
        }
        String b64 = text.replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        if (text.contains("BEGIN RSA PUBLIC KEY")) {
            throw ApiException.invalid("rsaPublicKey must be X.509 SubjectPublicKeyInfo (BEGIN PUBLIC KEY), "
                    + "not PKCS#1: convert with 'openssl rsa -pubin -in key.pub -RSAPublicKey_in -pubout'");
        }
        try {
            byte[] der = Base64.getDecoder().decode(b64);
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
            RSAPublicKey rsa = (RSAPublicKey) key;
            if (rsa.getModulus().bitLength() < MIN_KEY_BITS) {
                throw ApiException.invalid("rsaPublicKey must be at least " + MIN_KEY_BITS + " bits, got "
                        + rsa.getModulus().bitLength());
            }
            return rsa;
        } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
            throw ApiException.invalid("rsaPublicKey is not a valid X.509 (SPKI) RSA public key");
        }
    }

    /** Java algorithm for a {@code sign_type}, or a 400 for anything else. */
    public static String algorithm(String signType) {
        return switch (signType) {
            case "RSA2" -> "SHA256withRSA";
            case "RSA" -> "SHA1withRSA";
            default -> throw new ApiException(ErrorCode.UNSUPPORTED_SIGN_TYPE,
                    "sign_type must be RSA2 or RSA, got '" + signType + "'");
        };
    }

    /** The bytes of a base64 {@code sign} (whitespace ignored, padding optional); null when it is not base64. */
    public static byte[] decodeSignature(String signBase64) {
        try {
            return Base64.getDecoder().decode(signBase64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** True when {@code signBase64} is a valid signature of {@code content}; malformed input is simply false. */
    public static boolean verify(String signType, PublicKey key, String content, String signBase64) {
        byte[] sig = decodeSignature(signBase64);
        if (sig == null) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(algorithm(signType));
            s.initVerify(key);
            s.update(content.getBytes(StandardCharsets.UTF_8));
            return s.verify(sig);
        } catch (java.security.SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signature verification unavailable", e);
        }
    }
}
