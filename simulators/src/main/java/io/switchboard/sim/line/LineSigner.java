package io.switchboard.sim.line;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The LINE device protocol signature (seed 000, "签名算法"; DESIGN §4):
 * {@code md5(header values in a fixed order + raw JSON body + key)}, lowercase hex.
 */
public final class LineSigner {

    /** The signed headers, in signing order. Absent ones are skipped. */
    public static final List<String> SIGNED_HEADERS =
            List.of("device-no", "app-version", "robot-phone", "robot-serial_no", "protocol");

    private LineSigner() {
    }

    /**
     * Signs a callback request.
     *
     * @param headers request headers by lowercase name; only {@link #SIGNED_HEADERS} are used, null or missing
     *                ones are skipped
     * @param body    the exact body text that is sent (the signature covers its UTF-8 bytes)
     */
    public static String sign(Map<String, String> headers, String body, String key) {
        StringBuilder s = new StringBuilder();
        for (String name : SIGNED_HEADERS) {
            String value = headers.get(name);
            if (value != null) {
                s.append(value);
            }
        }
        return md5Hex(s.append(body == null ? "" : body).append(key).toString());
    }

    /** Signs the push WebSocket handshake: no body, only {@code device-no + app-version + protocol + key}. */
    public static String pushSign(String deviceNo, String appVersion, String protocol, String key) {
        return md5Hex(deviceNo + appVersion + protocol + key);
    }

    /** Lowercase hex MD5 of the UTF-8 bytes of {@code text}. */
    public static String md5Hex(String text) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
