package io.switchboard.common.web;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.api.ApiException;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
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
        assertTrue(refusal(p, "ws://127.0.0.1/x").contains("http or https"));
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

    @Test
    void internalIpv4InsideIpv6IsRefused() {
        // Even in local mode: only a plain loopback address is a development target.
        for (WebhookUrlPolicy p : List.of(new WebhookUrlPolicy(false, List.of()), new WebhookUrlPolicy(true, List.of()))) {
            assertTrue(refusal(p, "http://[64:ff9b::a9fe:a9fe]/latest").contains("link-local"), "NAT64");
            assertTrue(refusal(p, "http://[64:ff9b::169.254.169.254]/").contains("NAT64"), "NAT64, dotted");
            assertTrue(refusal(p, "http://[::169.254.169.254]/").contains("link-local"), "IPv4-compatible");
            assertTrue(refusal(p, "http://[::127.0.0.1]/").contains("IPv4-compatible"), "IPv4-compatible loopback");
            assertTrue(refusal(p, "http://[2002:a9fe:a9fe::]/").contains("6to4"), "6to4");
            assertTrue(refusal(p, "http://[2002:0a00:0001::1]/").contains("private"), "6to4 of 10.0.0.1");
            assertTrue(refusal(p, "http://[::ffff:0:127.0.0.1]/").contains("IPv4-translated"), "SIIT");
            assertTrue(refusal(p, "http://[::ffff:169.254.169.254]/").contains("link-local"), "IPv4-mapped");
            // Teredo: client 169.254.169.254 stored inverted (5601:5601), behind a public server 65.54.227.120.
            assertTrue(refusal(p, "http://[2001:0:4136:e378:8000:63bf:5601:5601]/").contains("Teredo"), "Teredo client");
            assertTrue(refusal(p, "http://[2001:0:a00:1:8000:63bf:f7f7:f7f7]/").contains("Teredo"), "Teredo server 10.0.0.1");
            assertTrue(refusal(p, "http://[64:ff9b:1::a00:1]/").contains("local-use NAT64"));
            assertTrue(refusal(p, "http://[2001:db8::1]/").contains("documentation"));
            assertTrue(refusal(p, "http://192.0.2.10/").contains("documentation"));
        }
    }

    @Test
    void publicIpv4InsideIpv6IsAccepted() {
        WebhookUrlPolicy p = new WebhookUrlPolicy(false, List.of());
        assertDoesNotThrow(() -> p.check("http://[64:ff9b::808:808]/hook", "callbackUrl"));
        assertDoesNotThrow(() -> p.check("http://[2002:808:808::1]/hook", "callbackUrl"));
        assertDoesNotThrow(() -> p.check("http://[2001:0:4136:e378:8000:63bf:f7f7:f7f7]/hook", "callbackUrl"));
        assertDoesNotThrow(() -> p.check("http://[2606:4700:4700::1111]/hook", "callbackUrl"));
        assertDoesNotThrow(() -> p.check("http://8.8.8.8/hook", "callbackUrl"));
    }

    @Test
    void allowListedIpv4RangeCoversItsNat64Form() {
        WebhookUrlPolicy p = new WebhookUrlPolicy(false, List.of("10.0.0.0/8"));
        assertDoesNotThrow(() -> p.check("http://[64:ff9b::a00:1]/hook", "callbackUrl"));
        assertTrue(refusal(p, "http://[64:ff9b::c0a8:1]/hook").contains("private"));
    }

    @Test
    void legacyIpv4SpellingsAreRefusedAsAmbiguous() {
        // Java reads 0177.0.0.1 as 177.0.0.1 (public); inet_aton, curl and browsers read 127.0.0.1.
        for (WebhookUrlPolicy p : List.of(new WebhookUrlPolicy(false, List.of()), new WebhookUrlPolicy(true, List.of()))) {
            String octal = refusal(p, "http://0177.0.0.1/hook");
            assertTrue(octal.contains("ambiguous") && octal.contains("127.0.0.1"), octal);
            assertTrue(refusal(p, "http://0x7f.0.0.1/hook").contains("127.0.0.1"));
            assertTrue(refusal(p, "http://127.1/hook").contains("ambiguous"));
            assertTrue(refusal(p, "http://2130706433/hook").contains("127.0.0.1"));
            assertTrue(refusal(p, "http://0xa9fea9fe/latest").contains("169.254.169.254"));
            assertTrue(refusal(p, "http://010.0.0.1:8080/hook").contains("8.0.0.1"));
            assertTrue(refusal(p, "http://127.0.0.1./hook").contains("ambiguous"));
            assertTrue(refusal(p, "http://1.2.3.4.5/hook").contains("not a valid IPv4"));
            assertTrue(refusal(p, "http://0999.1.1.1/hook").contains("not a valid IPv4"));
        }
        WebhookUrlPolicy p = new WebhookUrlPolicy(true, List.of());
        assertTrue(assertThrows(ApiException.class, () -> p.checkResolved("0177.0.0.1", "callbackUrl"))
                .getMessage().contains("ambiguous"), "also at delivery time");
        assertDoesNotThrow(() -> p.check("http://127.0.0.1/hook", "callbackUrl"));
        assertDoesNotThrow(() -> p.check("http://8.8.8.8/hook", "callbackUrl"));
    }

    @Test
    void inetAtonReadsLegacyForms() {
        assertEquals("127.0.0.1", WebhookUrlPolicy.inetAton("0177.0.0.1"));
        assertEquals("127.0.0.1", WebhookUrlPolicy.inetAton("127.1"));
        assertEquals("127.0.0.1", WebhookUrlPolicy.inetAton("0x7f.1"));
        assertEquals("10.0.1.2", WebhookUrlPolicy.inetAton("10.258"));
        assertEquals("127.0.0.1", WebhookUrlPolicy.inetAton("2130706433"));
        assertEquals("255.255.255.255", WebhookUrlPolicy.inetAton("0xffffffff"));
        assertNull(WebhookUrlPolicy.inetAton("4294967296"));
        assertNull(WebhookUrlPolicy.inetAton("256.1"));
        assertNull(WebhookUrlPolicy.inetAton("08.0.0.1"));
        assertTrue(WebhookUrlPolicy.isCanonicalIpv4("10.0.0.1"));
        assertTrue(!WebhookUrlPolicy.isCanonicalIpv4("10.0.0.01"));
        assertTrue(!WebhookUrlPolicy.isNumericHost("0x7f.example.com"));
    }

    @Test
    void callerChoosesTheSchemes() {
        WebhookUrlPolicy p = new WebhookUrlPolicy(true, List.of());
        assertEquals("wss", p.check("wss://127.0.0.1:9443/engine", "engine_url", WebhookUrlPolicy.WEBSOCKET).getScheme());
        assertDoesNotThrow(() -> p.check("ws://127.0.0.1:9000/engine", "engine_url", WebhookUrlPolicy.WEBSOCKET));
        String refused = assertThrows(ApiException.class,
                () -> p.check("http://127.0.0.1/engine", "engine_url", WebhookUrlPolicy.WEBSOCKET)).getMessage();
        assertTrue(refused.contains("engine_url") && refused.contains("ws or wss"), refused);
        assertDoesNotThrow(() -> p.check("https://127.0.0.1/engine", "engine_url", Set.of("http", "https", "ws", "wss")));
        assertTrue(assertThrows(ApiException.class, () -> p.check("wss://10.0.0.1/engine", "engine_url",
                WebhookUrlPolicy.WEBSOCKET)).getMessage().contains("private"));
        assertTrue(assertThrows(ApiException.class, () -> p.check("wss://u:p@8.8.8.8/engine", "engine_url",
                WebhookUrlPolicy.WEBSOCKET)).getMessage().contains("credentials"));
    }

    @Test
    void resolvedAddressesAreJudgedWithoutALookup() throws Exception {
        WebhookUrlPolicy p = new WebhookUrlPolicy(false, List.of());
        InetAddress nat64 = InetAddress.getByName("64:ff9b::a9fe:a9fe");
        assertTrue(assertThrows(ApiException.class, () -> p.checkAddress(nat64, "callbackUrl"))
                .getMessage().contains("169.254.169.254"));
        assertDoesNotThrow(() -> p.checkAddress(InetAddress.getByName("8.8.8.8"), "callbackUrl"));
    }
}
