package io.switchboard.callback.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.core.JsonParseException;
import jakarta.ws.rs.ProcessingException;
import java.net.ConnectException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;

/** What a failed target look-up may say in last_error and logs. */
class WebhookTargetsTest {
    @Test
    void quotesOwnAndNetworkMessagesButNeverAParsedAnswer() {
        assertEquals("IllegalStateException: account-service answered 503",
                WebhookTargets.reason(new IllegalStateException("account-service answered 503")));
        assertEquals("ConnectException: Connection refused",
                WebhookTargets.reason(new ProcessingException(new ConnectException("Connection refused"))));
        assertEquals("CircuitBreakerOpenException: open",
                WebhookTargets.reason(new CircuitBreakerOpenException("open")));
        String parse = WebhookTargets.reason(new ProcessingException(
                new JsonParseException(null, "Unexpected character in 'whsec_c2VjcmV0'")));
        assertEquals("JsonParseException", parse);
        assertFalse(parse.contains("whsec_"));
    }
}
