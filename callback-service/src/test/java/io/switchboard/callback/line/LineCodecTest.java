package io.switchboard.callback.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.callback.driver.line.CacheInfo;
import io.switchboard.callback.driver.line.LineCallbacks;
import io.switchboard.callback.driver.line.LineCommands;
import io.switchboard.callback.driver.line.LineLoginContent;
import io.switchboard.callback.driver.line.LineMalformed;
import io.switchboard.callback.driver.line.LineSignature;
import io.switchboard.sim.line.LineFixtures;
import io.switchboard.sim.line.LineSigner;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The LINE codecs on the seed's samples (no Quarkus): signature, login content, callback bodies, cache expiry. */
class LineCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void signatureMatchesTheSimulatorInBothHeaderOrders() {
        Map<String, String> h = Map.of("device-no", "172018006015001", "app-version", "Line2301160900",
                "robot-phone", "8613189639268", "robot-serial_no", "test1", "protocol", "ios");
        String body = "{\"serial_no\":\"test1\"}";
        String sign = LineSigner.sign(h, body, "k");
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        assertTrue(LineSignature.verify(h::get, raw, "k", sign));
        assertTrue(LineSignature.verify(h::get, raw, "k", sign.toUpperCase()));
        assertFalse(LineSignature.verify(h::get, raw, "other", sign));
        assertFalse(LineSignature.verify(h::get, "{}".getBytes(StandardCharsets.UTF_8), "k", sign));
        assertFalse(LineSignature.verify(h::get, raw, "k", null));

        Map<String, String> console = Map.of("app-version", "Line2301160900", "device-no", "172018006015001",
                "protocol", "ios");
        String consoleSign = LineSigner.md5Hex("Line2301160900" + "172018006015001" + "ios" + body + "k");
        assertTrue(LineSignature.verify(console::get, raw, "k", consoleSign));
        String push = LineSigner.pushSign("172018006015001", "Line2301160900", "ios", "k");
        assertTrue(LineSignature.verify(console::get, new byte[0], "k", push));
    }

    @Test
    void unifiedLoginBecomesTheSeedsCmd10000Content() {
        ObjectNode unified = JSON.createObjectNode().put("username", "yufan").put("password", "abc123456")
                .put("cacheInfo", "导入的缓存信息 Base64").put("isCacheLogin", true).put("countryCode", "86")
                .put("phone", "8613189639268").put("loginType", "password");
        unified.putObject("socks5").put("ip", "gate13.rola.info").put("port", "2083").put("user", "ajdmh_5位随机数字")
                .put("pwd", "aa123456");
        JsonNode expected = LineFixtures.json("push-login-command.json").get("content");
        assertEquals(expected, LineLoginContent.fromUnified(unified));

        JsonNode bare = LineLoginContent.fromUnified(JSON.createObjectNode().put("phone", "1"));
        assertFalse(bare.path("is_cache_login").asBoolean());
        assertTrue(bare.get("socks5").isNull());
        assertEquals("", bare.path("password").asText());
    }

    @Test
    void everyOperationHasItsSeedCmd() {
        assertEquals(10000, LineCommands.cmd("login"));
        assertEquals(10007, LineCommands.cmd("sendMessage"));
        assertEquals(10007, LineCommands.cmd("sendGroupMessage"));
        assertEquals(10010, LineCommands.cmd("syncContacts"));
        assertEquals(10009, LineCommands.cmd("logout"));
        assertNull(LineCommands.cmd("updateGroup"));
    }

    @Test
    void seedCallbackSamplesParse() {
        LineCallbacks.LoginSuccess s = LineCallbacks.loginSuccess(LineFixtures.json("login-success.json"));
        assertEquals("8613808458584", s.serialNo());
        assertEquals("u4746b91aa7db77ea2fc3af1a9a8faed5", s.userId());
        assertEquals("liu_liu", s.username());
        assertTrue(s.cacheInfo().startsWith("eyJwcm94"));

        LineCallbacks.LoginFailure f = LineCallbacks.loginFailure(LineFixtures.json("login-failure.json"));
        assertEquals("test1", f.serialNo());
        assertEquals(-1, f.dcData().ret());
        assertNull(f.dcData().retBody());

        // Every RetBody sample is a JSON document inside a string.
        for (String sample : new String[] {"add-friend.json", "friend-list.json", "group-list.json", "sync-contacts.json"}) {
            assertTrue(LineCallbacks.dcData(LineFixtures.json(sample)).retBody().isObject(), sample);
        }
        ObjectNode broken = LineFixtures.object("group-list.json");
        ((ObjectNode) broken.get("dc_data")).put("RetBody", "{\"Chats\":[");
        LineMalformed m = assertThrows(LineMalformed.class, () -> LineCallbacks.dcData(broken));
        assertTrue(m.getMessage().contains("RetBody"), m.getMessage());

        ObjectNode noSerial = LineFixtures.object("login-failure.json").put("serial_no", "");
        ((ObjectNode) noSerial.get("data")).remove("serial_no");
        assertThrows(LineMalformed.class, () -> LineCallbacks.loginFailure(noSerial));
        assertThrows(LineMalformed.class, () -> LineCallbacks.robotStatus(JSON.createObjectNode().put("state", 7)));
    }

    @Test
    void cacheExpiryIsReadFromTheBase64Document() {
        String refreshed = LineFixtures.json("refresh-token.json").path("data").path("cache_info").asText();
        assertEquals(OffsetDateTime.parse("2023-02-04T01:50:52.9521935+08:00").toInstant().toEpochMilli(),
                CacheInfo.expiresAt(refreshed));
        String noOffset = Base64.getEncoder().encodeToString(
                "{\"ExpireTime\":\"2023-02-04T01:50:52\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(OffsetDateTime.parse("2023-02-04T01:50:52+08:00").toInstant().toEpochMilli(),
                CacheInfo.expiresAt(noOffset));
        assertNull(CacheInfo.expiresAt("eyJhIjoxfQ==")); // {"a":1}
        assertNull(CacheInfo.expiresAt("%%% not base64"));
        assertNull(CacheInfo.expiresAt(null));
    }
}
