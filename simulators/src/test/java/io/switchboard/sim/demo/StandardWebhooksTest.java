package io.switchboard.sim.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The demo's webhook verifier against the Standard Webhooks reference vector quoted in docs/WEBHOOKS.md. */
class StandardWebhooksTest {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final String TS = "1614265330";
    static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    static final long NOW = 1614265330L;

    @Test
    void signsTheReferenceVector() {
        assertEquals(SIGNATURE, StandardWebhooks.sign(SECRET, ID, TS, BODY));
    }

    @Test
    void verifiesTheReferenceVectorAlsoAmongSeveralSignatures() {
        assertTrue(StandardWebhooks.verify(SECRET, ID, TS, SIGNATURE, BODY, NOW, 300).ok());
        assertTrue(StandardWebhooks.verify(SECRET, ID, TS, "v1,AAAA " + SIGNATURE, BODY, NOW + 299, 300).ok());
    }

    @Test
    void refusesTamperingOldTimestampsAndMissingHeaders() {
        byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertFalse(StandardWebhooks.verify(SECRET, ID, TS, SIGNATURE, tampered, NOW, 300).ok());
        assertFalse(StandardWebhooks.verify(SECRET, "msg_other", TS, SIGNATURE, BODY, NOW, 300).ok());
        assertFalse(StandardWebhooks.verify("whsec_" + "A".repeat(32), ID, TS, SIGNATURE, BODY, NOW, 300).ok());
        assertFalse(StandardWebhooks.verify(SECRET, ID, TS, SIGNATURE, BODY, NOW + 301, 300).ok());
        assertFalse(StandardWebhooks.verify(SECRET, ID, "soon", SIGNATURE, BODY, NOW, 300).ok());
        assertFalse(StandardWebhooks.verify(SECRET, null, TS, SIGNATURE, BODY, NOW, 300).ok());
        assertFalse(StandardWebhooks.verify(SECRET, ID, TS, null, BODY, NOW, 300).ok());
        assertFalse(StandardWebhooks.verify("whsec_not base64!", ID, TS, SIGNATURE, BODY, NOW, 300).ok());
    }
}
