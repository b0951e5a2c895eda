package io.switchboard.sim.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks the signer against md5-vectors.txt, whose digests were computed with the md5sum command. */
class LineSignerTest {

    static final String BODY_HEART =
            "{\"app_version\":\"Line2301160900\",\"dc_version\":\"122100.0.1\",\"line_version\":\"8.9.2.8685\"}";

    record Vector(String md5, String input) {
    }

    static Map<String, Vector> vectors() throws IOException {
        Map<String, Vector> vectors = new LinkedHashMap<>();
        try (InputStream in = LineSignerTest.class.getResourceAsStream("/md5-vectors.txt")) {
            assertNotNull(in, "md5-vectors.txt on the test classpath");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    String[] f = line.split("\t", 3);
                    vectors.put(f[0], new Vector(f[1], f[2]));
                }
            }
        }
        return vectors;
    }

    static String md5(String name) throws IOException {
        Vector v = vectors().get(name);
        assertNotNull(v, "vector " + name);
        return v.md5();
    }

    /** The seed's client headers; deliberately not in signing order, to show the order comes from the signer. */
    static Map<String, String> robotHeaders() {
        Map<String, String> h = new HashMap<>();
        h.put("protocol", "ios");
        h.put("robot-serial_no", "test1");
        h.put("content-type", "application/json"); // not signed
        h.put("robot-phone", "8613189639268");
        h.put("app-version", "Line2301160900");
        h.put("device-no", "172018006015001");
        return h;
    }

    @Test
    void md5MatchesEveryVector() throws IOException {
        Map<String, Vector> vectors = vectors();
        assertFalse(vectors.isEmpty());
        vectors.forEach((name, v) -> assertEquals(v.md5(), LineSigner.md5Hex(v.input()), name));
    }

    @Test
    void signsAllFiveHeadersInOrderThenBodyThenKey() throws IOException {
        assertEquals(md5("robot-heart"), LineSigner.sign(robotHeaders(), BODY_HEART, "k3y-sample"));
    }

    @Test
    void skipsAbsentHeaders() throws IOException {
        Map<String, String> h = robotHeaders();
        h.remove("robot-serial_no");
        assertEquals(md5("phone-code-send"), LineSigner.sign(h,
                "{\"serial_no\":\"test1\",\"phone\":\"8613189639268\",\"step\":\"send\"}", "k3y-sample"));
        h.remove("robot-phone");
        assertEquals(md5("device-heart"), LineSigner.sign(h, "{}", "k3y-sample"));
    }

    @Test
    void hashesUtf8OfChineseBodyAndKey() throws IOException {
        assertEquals(md5("chinese-body"), LineSigner.sign(robotHeaders(),
                "{\"serial_no\":\"test1\",\"success\":false,\"message\":\"获取个人信息失败\"}", "密钥-k3y"));
    }

    @Test
    void pushHandshakeSignHasNoBody() throws IOException {
        assertEquals(md5("push-handshake"),
                LineSigner.pushSign("172018006015001", "Line2301160900", "ios", "k3y-sample"));
    }
}
