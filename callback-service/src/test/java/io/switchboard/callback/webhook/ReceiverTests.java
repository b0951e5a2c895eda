package io.switchboard.callback.webhook;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Webhook tests that deliver to a {@link WebhookReceiver}: one per test class, on a free loopback port. */
abstract class ReceiverTests {
    static WebhookReceiver receiver;

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = WebhookReceiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }
}
