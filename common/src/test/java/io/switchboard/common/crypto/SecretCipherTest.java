package io.switchboard.common.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTest {
    static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);
    static final String K2 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void roundTripsAndHidesThePlaintext() {
        SecretCipher c = new SecretCipher("k1:" + K1, "k1");
        String stored = c.encrypt("pässwörd", "robot.password:r1");
        assertTrue(stored.startsWith("v1:k1:"));
        assertFalse(stored.contains("pässwörd"));
        assertNotEquals(stored, c.encrypt("pässwörd", "robot.password:r1"), "a fresh IV each time");
        assertEquals("pässwörd", c.decrypt(stored, "robot.password:r1"));
    }

    @Test
    void ciphertextIsBoundToItsContext() {
        SecretCipher c = new SecretCipher("k1:" + K1, "k1");
        String stored = c.encrypt("secret", "merchant.webhook_secret:m1");
        assertThrows(IllegalStateException.class, () -> c.decrypt(stored, "merchant.webhook_secret:m2"));
    }

    @Test
    void tamperingIsDetected() {
        SecretCipher c = new SecretCipher("k1:" + K1, "k1");
        String stored = c.encrypt("secret", "x");
        byte[] raw = Base64.getDecoder().decode(stored.substring(6));
        raw[raw.length - 1] ^= 1;
        String tampered = "v1:k1:" + Base64.getEncoder().encodeToString(raw);
        assertThrows(IllegalStateException.class, () -> c.decrypt(tampered, "x"));
    }

    @Test
    void rotationKeepsOldKeysReadable() {
        String old = new SecretCipher("k1:" + K1, "k1").encrypt("secret", "x");
        SecretCipher rotated = new SecretCipher("k1:" + K1 + ",k2:" + K2, "k2");
        assertEquals("secret", rotated.decrypt(old, "x"));
        assertTrue(rotated.needsRotation(old));
        String fresh = rotated.encrypt("secret", "x");
        assertTrue(fresh.startsWith("v1:k2:"));
        assertFalse(rotated.needsRotation(fresh));
        assertThrows(IllegalStateException.class, () -> new SecretCipher("k2:" + K2, "k2").decrypt(old, "x"));
    }

    @Test
    void badKeyConfigurationIsRefusedClearly() {
        assertThrows(IllegalStateException.class, () -> new SecretCipher("k1:" + Base64.getEncoder().encodeToString(new byte[16]), "k1"));
        assertThrows(IllegalStateException.class, () -> new SecretCipher("k1:" + K1, "k9"));
        assertThrows(IllegalStateException.class, () -> new SecretCipher("nokey", "k1"));
        assertThrows(IllegalStateException.class, () -> new SecretCipher("", "k1").encrypt("s", "x"));
    }
}
