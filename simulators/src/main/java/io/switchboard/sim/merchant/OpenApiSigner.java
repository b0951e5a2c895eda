package io.switchboard.sim.merchant;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A merchant's side of the Open API signature, written from DESIGN §2 alone (it shares no code with the
 * platform's gate, so the two check each other): every parameter except sign, empty values dropped, sorted by
 * key, key=value joined with &amp;, signed with SHA256withRSA (RSA2) or SHA1withRSA (RSA), base64.
 */
public final class OpenApiSigner {
    private OpenApiSigner() {}

    public static String contentToSign(Map<String, String> params) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(params).forEach((k, v) -> {
            if (!k.equals("sign") && v != null && !v.isEmpty()) {
                parts.add(k + "=" + v);
            }
        });
        return String.join("&", parts);
    }

    public static String sign(Map<String, String> params, String signType, PrivateKey key) {
        try {
            Signature s = Signature.getInstance("RSA".equals(signType) ? "SHA1withRSA" : "SHA256withRSA");
            s.initSign(key);
            s.update(contentToSign(params).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign", e);
        }
    }

    /** Parses a PKCS#8 PEM private key ({@code BEGIN PRIVATE KEY}, what {@code openssl genrsa} writes). */
    public static PrivateKey privateKeyFromPem(String pem) {
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PKCS#8 RSA private key", e);
        }
    }

    /** Form body ({@code application/x-www-form-urlencoded}) of the given parameters. */
    public static String formBody(Map<String, String> params) {
        List<String> parts = new ArrayList<>();
        params.forEach((k, v) -> parts.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return String.join("&", parts);
    }

    /** Reads a fixture shipped under {@code fixtures/} on the classpath. */
    public static String fixture(String path) {
        try (InputStream in = OpenApiSigner.class.getClassLoader().getResourceAsStream("fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
