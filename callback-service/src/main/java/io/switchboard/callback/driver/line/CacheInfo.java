package io.switchboard.callback.driver.line;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code ExpireTime} out of a device's {@code cache_info} (base64 of a JSON document; seed 刷新缓存: the
 * device refreshes when less than 24 h are left). The document is treated as opaque text, not parsed as JSON,
 * because real samples are not always valid JSON. {@code ExpireTime} is a .NET DateTime such as
 * {@code 2023-02-04T01:50:52.9521935+08:00}; without an offset it is read in the vendor's zone, GMT+8.
 */
public final class CacheInfo {
    private static final Pattern EXPIRE = Pattern.compile("\"ExpireTime\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?)(Z|[+-]\\d{2}\\D?\\d{2})?");
    private static final ZoneId VENDOR_ZONE = ZoneId.of("GMT+8");

    private CacheInfo() {}

    /** Epoch ms of ExpireTime, or null when the cache carries none (or it cannot be read). */
    public static Long expiresAt(String cacheInfoBase64) {
        if (cacheInfoBase64 == null || cacheInfoBase64.isBlank()) {
            return null;
        }
        String text;
        try {
            text = new String(Base64.getMimeDecoder().decode(cacheInfoBase64.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        Matcher m = EXPIRE.matcher(text);
        if (!m.find()) {
            return null;
        }
        Matcher t = TIME.matcher(m.group(1).trim());
        if (!t.matches()) {
            return null;
        }
        try {
            String offset = t.group(2);
            if (offset == null) {
                return LocalDateTime.parse(t.group(1)).atZone(VENDOR_ZONE).toInstant().toEpochMilli();
            }
            // Accepts +08:00 and +0800 (and any one separator, as damaged samples show).
            String normal = offset.equals("Z") ? "Z" : offset.substring(0, 3) + ":" + offset.substring(offset.length() - 2);
            return OffsetDateTime.parse(t.group(1) + normal).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
