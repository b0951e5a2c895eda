package io.switchboard.callback.driver.line;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The device signature (seed 000 签名算法, DESIGN §4): hex MD5 of the header values in a fixed order (absent ones
 * skipped), then the raw body bytes, then the device key. Two orders are accepted: the client order
 * {@code device-no, app-version, robot-phone, robot-serial_no, protocol} and the console order, which puts
 * {@code app-version} first. Comparison ignores case and takes the same time wherever the strings differ.
 */
public final class LineSignature {
    public static final List<String> CLIENT_ORDER =
            List.of("device-no", "app-version", "robot-phone", "robot-serial_no", "protocol");
    public static final List<String> CONSOLE_ORDER =
            List.of("app-version", "device-no", "robot-phone", "robot-serial_no", "protocol");

    private LineSignature() {}

    /** A sign's shape: 32 hex digits in either case (surrounding blanks tolerated, as {@link #verify} trims). */
    public static boolean isMd5Hex(String sign) {
        String t = sign == null ? "" : sign.trim();
        if (t.length() != 32) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            if (Character.digit(t.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** @param header header value by lowercase name, null when absent */
    public static boolean verify(Function<String, String> header, byte[] body, String key, String presented) {
        if (presented == null || key == null) {
            return false;
        }
        byte[] given = presented.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        boolean client = MessageDigest.isEqual(given, sign(CLIENT_ORDER, header, body, key));
        boolean console = MessageDigest.isEqual(given, sign(CONSOLE_ORDER, header, body, key));
        return client | console; // no short cut: both digests are always compared
    }

    static byte[] sign(List<String> order, Function<String, String> header, byte[] body, String key) {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        for (String name : order) {
            String v = header.apply(name);
            if (v != null) {
                s.writeBytes(v.getBytes(StandardCharsets.UTF_8));
            }
        }
        s.writeBytes(body);
        s.writeBytes(key.getBytes(StandardCharsets.UTF_8));
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(s.toByteArray());
            return HexFormat.of().formatHex(md5).getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
