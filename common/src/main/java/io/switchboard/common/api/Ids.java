package io.switchboard.common.api;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/** Identifiers: UUIDv7 (time-ordered, so B-tree friendly and sortable) and random opaque ids. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /** RFC 9562 UUIDv7: 48-bit unix milliseconds, version 7, 74 random bits. */
    public static UUID uuidV7() {
        long millis = System.currentTimeMillis();
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (millis << 16) | 0x7000L | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** The platform's request serial ({@code vcSerialNo}): a UUIDv7 without dashes, 32 hex characters. */
    public static String serialNo() {
        return uuidV7().toString().replace("-", "");
    }

    /** {@code prefix} followed by {@code bytes} random bytes in hex. */
    public static String random(String prefix, int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }

    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
