package io.switchboard.callback.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
    /** The Standard Webhooks reference vector (also used by the svix libraries). */
    @Test
    void matchesTheStandardWebhooksReferenceVector() {
        String header = WebhookSigner.signatureHeader("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}", List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", header);
    }

    @Test
    void signsOncePerUsableSecretSpaceSeparated() {
        String a = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String header = WebhookSigner.signatureHeader("id", 1, "{}", List.of(a, "whsec_not base64!", "", a));
        String one = WebhookSigner.signatureHeader("id", 1, "{}", List.of(a));
        assertEquals(one + " " + one, header);
        assertEquals("", WebhookSigner.signatureHeader("id", 1, "{}", List.of("whsec_%%%")));
        assertEquals("", WebhookSigner.signatureHeader("id", 1, "{}", null));
    }
}
