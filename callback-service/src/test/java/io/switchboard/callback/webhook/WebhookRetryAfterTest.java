package io.switchboard.callback.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Reading a merchant's Retry-After (RFC 9110 §10.2.3). */
class WebhookRetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-10-21T07:20:00Z");

    @Test
    void secondsAndHttpDatesAreRead() {
        assertEquals(Duration.ofSeconds(120), WebhookSender.retryAfter("120", NOW));
        assertEquals(Duration.ofSeconds(120), WebhookSender.retryAfter(" 120 ", NOW));
        assertEquals(Duration.ZERO, WebhookSender.retryAfter("0", NOW));
        assertEquals(Duration.ofMinutes(8), WebhookSender.retryAfter("Wed, 21 Oct 2026 07:28:00 GMT", NOW));
        assertEquals(Duration.ZERO, WebhookSender.retryAfter("Wed, 21 Oct 2026 07:00:00 GMT", NOW), "a past date");
        // Absurd values are read; the caller caps them (retry-after-cap).
        assertEquals(Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L),
                WebhookSender.retryAfter("99999999999999999999999", NOW));
    }

    @Test
    void absentOrUnreadableValuesAreIgnored() {
        assertNull(WebhookSender.retryAfter(null, NOW));
        assertNull(WebhookSender.retryAfter("", NOW));
        assertNull(WebhookSender.retryAfter("-5", NOW));
        assertNull(WebhookSender.retryAfter("1.5", NOW));
        assertNull(WebhookSender.retryAfter("soon", NOW));
        assertNull(WebhookSender.retryAfter("Wednesday, 21-Oct-26 07:28:00 GMT", NOW), "obsolete RFC 850 form");
    }
}
