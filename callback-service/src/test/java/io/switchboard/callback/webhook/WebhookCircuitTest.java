package io.switchboard.callback.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WebhookCircuitTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final MerchantCircuit circuit = new MerchantCircuit(3, Duration.ofSeconds(60), now::get);

    @Test
    void opensAfterConsecutiveFailuresAndLetsOneProbeThroughLater() {
        circuit.onFailure("m");
        circuit.onFailure("m");
        assertNull(circuit.waitFor("m"), "two failures: still closed");
        circuit.onFailure("m");
        assertEquals(Duration.ofSeconds(60), circuit.waitFor("m"));
        assertNull(circuit.waitFor("other"), "other merchants are not affected");

        now.addAndGet(60_000);
        assertNull(circuit.waitFor("m"), "the first caller after the window probes");
        assertNotNull(circuit.waitFor("m"), "the others keep waiting while the probe runs");

        circuit.onFailure("m");
        assertEquals(Duration.ofSeconds(60), circuit.waitFor("m"), "a failed probe re-opens");
        now.addAndGet(60_000);
        assertNull(circuit.waitFor("m"));
        circuit.onSuccess("m");
        assertNull(circuit.waitFor("m"), "a successful probe closes");
        assertNull(circuit.waitFor("m"));
    }

    @Test
    void successResetsTheCount() {
        circuit.onFailure("m");
        circuit.onFailure("m");
        circuit.onSuccess("m");
        circuit.onFailure("m");
        circuit.onFailure("m");
        assertNull(circuit.waitFor("m"));
    }
}
