package io.switchboard.common.web;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.api.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookUrlPolicyTest {
    private static String refusal(WebhookUrlPolicy p, String url) {
        return assertThrows(ApiException.class, () -> p.check(url, "callbackUrl")).getMessage();
    }

    @Test
    void internalTargetsAreRefusedOutsideLocalMode() {
        WebhookUrlPolicy p = new WebhookUrlPolicy(false, List.of());
        assertTrue(refusal(p, "http://127.0.0.1:9000/hook").contains("loopback"));
        assertTrue(refusal(p, "http://localhost/hook").contains("loopback"));
        assertTrue(refusal(p, "http://10.1.2.3/hook").contains("private"));
        assertTrue(refusal(p, "http://192.168.0.1/hook").contains("private"));
        assertTrue(refusal(p, "http://169.254.169.254/latest/meta-data").contains("link-local"));
        assertTrue(refusal(p, "http://100.64.0.1/").contains("CGNAT"));
        assertTrue(refusal(p, "http://[::1]/hook").contains("loopback"));
        assertTrue(refusal(p, "http://[fd00::1]/hook").contains("unique-local"));
        assertTrue(refusal(p, "http://0.0.0.0/hook").contains("unspecified"));
    }

    @Test
    void malformedUrlsAreRefused() {
        WebhookUrlPolicy p = new WebhookUrlPolicy(true, List.of());
        assertTrue(refusal(p, "ftp://127.0.0.1/x").contains("http or https"));
        assertTrue(refusal(p, "http://user:pw@127.0.0.1/x").contains("credentials"));
        assertTrue(refusal(p, "not a url").contains("not a valid URL"));
        assertTrue(refusal(p, "http:///path").contains("no host"));
        assertTrue(refusal(p, "").contains("required"));
        assertTrue(refusal(p, "http://no-such-host.invalid/x").contains("does not resolve"));
    }

    @Test
    void localModeAllowsLoopbackOnly() {
        WebhookUrlPolicy p = new WebhookUrlPolicy(true, List.of());
        assertDoesNotThrow(() -> p.check("http://127.0.0.1:9000/hook", "callbackUrl"));
        assertTrue(refusal(p, "http://10.1.2.3/hook").contains("private"));
    }

    @Test
    void allowListNamesHostsAndRanges() {
        WebhookUrlPolicy p = new WebhookUrlPolicy(false, List.of("10.0.0.0/8", "localhost"));
        assertDoesNotThrow(() -> p.check("http://10.9.8.7/hook", "callbackUrl"));
        assertDoesNotThrow(() -> p.check("http://localhost:8080/hook", "callbackUrl"));
        assertTrue(refusal(p, "http://192.168.1.1/hook").contains("private"));
    }
}
