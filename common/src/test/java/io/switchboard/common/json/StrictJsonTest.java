package io.switchboard.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrictJsonTest {
    public record Named(String name, List<String> tags, JsonNode extra) {}

    final ObjectMapper json = StrictJson.apply(new ObjectMapper());

    @Test
    void trailingContentIsRefused() {
        assertThrows(JsonProcessingException.class, () -> json.readTree("{\"a\":1}garbage"));
        assertThrows(JsonProcessingException.class, () -> json.readTree("{\"a\":1}{\"a\":2}"));
        assertThrows(JsonProcessingException.class, () -> json.readValue("{\"name\":\"x\"} {}", Named.class));
        assertThrows(JsonProcessingException.class, () -> json.readValue("{\"a\":\"x\"}]".getBytes(), Map.class));
    }

    @Test
    void nulIsRefusedInStringsTreesAndNames() {
        String where = assertThrows(ControlCharacterException.class,
                () -> json.readValue("{\"name\":\"a\\u0000b\"}", Named.class)).getOriginalMessage();
        assertTrue(where.contains("/name"), where);
        assertThrows(ControlCharacterException.class, () -> json.readValue("{\"tags\":[\"ok\",\"\\u0000\"]}", Named.class));
        String deep = assertThrows(ControlCharacterException.class,
                () -> json.readTree("{\"a\":{\"b\":[1,\"x\\u0000\"]}}")).getOriginalMessage();
        assertTrue(deep.contains("/a/b/1"), deep);
        assertThrows(ControlCharacterException.class, () -> json.readTree("{\"k\\u0000\":1}"));
        String nested = assertThrows(ControlCharacterException.class,
                () -> json.readValue("{\"name\":\"n\",\"extra\":{\"x\":[\"\\u0000\"]}}", Named.class)).getOriginalMessage();
        assertTrue(nested.contains("'/extra/x/0'"), nested);
        assertThrows(ControlCharacterException.class, () -> json.readValue("{\"x\":\"\\u0000\"}", ObjectNode.class));
        assertThrows(ControlCharacterException.class, () -> json.readValue("\"\\u0000\"", String.class));
    }

    @Test
    void everythingElseStillParses() throws Exception {
        Named n = json.readValue("{\"name\":\"line\\nbreak\\ttab \\u001b esc\",\"tags\":null,\"extra\":null} \n",
                Named.class);
        assertEquals("line\nbreak\ttab \u001b esc", n.name());
        assertEquals(2, json.readTree("{\"a\":\"x\",\"b\":[1,2]}").size());
        assertTrue(json.readTree("null").isNull());
        assertEquals("plain", json.readValue("\"plain\"", String.class));
    }
}
