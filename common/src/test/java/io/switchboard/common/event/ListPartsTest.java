package io.switchboard.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Packing a list into parts of bounded size, in order, nothing lost or repeated (docs/SOCIAL.md "Lists in parts"). */
class ListPartsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static ArrayNode contacts(int n) {
        ArrayNode a = JSON.createArrayNode();
        for (int i = 0; i < n; i++) {
            // Multi-byte names: the budget is in UTF-8 bytes, not characters.
            a.addObject().put("userId", String.format("u%031d", i)).put("userName", "名前" + i);
        }
        return a;
    }

    @Test
    void entriesArePackedInOrderIntoPartsOfAtMostTheBudget() throws Exception {
        ArrayNode all = contacts(1_000);
        List<ArrayNode> parts = ListParts.pack(JSON, all, 10_000);
        assertTrue(parts.size() > 1, "a list over the budget is split");
        List<JsonNode> back = new ArrayList<>();
        for (ArrayNode p : parts) {
            assertTrue(JSON.writeValueAsBytes(p).length <= 10_000, "each part within the budget");
            assertFalse(p.isEmpty());
            p.forEach(back::add);
        }
        assertEquals(all.size(), back.size());
        for (int i = 0; i < back.size(); i++) {
            assertEquals(all.get(i), back.get(i), "in order, each once");
        }
        // Packed as full as the budget allows: a part plus the next entry would not fit.
        long first = JSON.writeValueAsBytes(parts.get(0)).length;
        long next = JSON.writeValueAsBytes(parts.get(1).get(0)).length;
        assertTrue(first + 1 + next > 10_000, "the first part is full");
    }

    @Test
    void anEmptyListIsOneEmptyPartAndAnOversizedEntryGoesAlone() {
        assertEquals(1, ListParts.pack(JSON, JSON.createArrayNode(), 100).size());
        ArrayNode a = JSON.createArrayNode();
        a.add("small");
        a.add("x".repeat(500));
        a.add("small");
        List<ArrayNode> parts = ListParts.pack(JSON, a, 100);
        assertEquals(3, parts.size(), parts::toString);
        assertEquals(500, parts.get(1).get(0).asText().length());
    }

    @Test
    void aCompleteListIsNumberedAndOnlyAOnePartListSaysComplete() throws Exception {
        ObjectNode data = JSON.createObjectNode().put("complete", true);
        data.set("contacts", contacts(2_000));
        List<ObjectNode> parts = ListParts.listParts(JSON, data, "contacts", 20_000);
        assertTrue(parts.size() > 1);
        int total = 0;
        for (int i = 0; i < parts.size(); i++) {
            ObjectNode p = parts.get(i);
            assertTrue(JSON.writeValueAsBytes(p).length <= 20_000, "the part's whole data within the budget");
            assertEquals(i + 1, p.path("part").asInt());
            assertEquals(parts.size(), p.path("parts").asInt());
            assertFalse(p.path("complete").asBoolean(true), "no part alone is the whole list");
            total += p.path("contacts").size();
        }
        assertEquals(2_000, total);

        ObjectNode small = JSON.createObjectNode().put("complete", true);
        small.set("groups", JSON.createArrayNode().add(JSON.createObjectNode().put("groupId", "g1")));
        List<ObjectNode> one = ListParts.listParts(JSON, small, "groups", ListParts.DATA_BYTES);
        assertEquals(1, one.size());
        assertEquals("{\"complete\":true,\"part\":1,\"parts\":1,\"groups\":[{\"groupId\":\"g1\"}]}",
                JSON.writeValueAsString(one.get(0)));

        ObjectNode partial = JSON.createObjectNode().put("complete", false);
        partial.set("contacts", contacts(2_000));
        for (ObjectNode p : ListParts.listParts(JSON, partial, "contacts", 20_000)) {
            assertFalse(p.has("parts"), "a list that is not complete has nothing to count towards");
        }
    }

    @Test
    void thePartAnEventSaysItIs() throws Exception {
        assertEquals(new ListParts.Part(2, 3), ListParts.partOf(JSON.readTree("{\"complete\":false,\"part\":2,\"parts\":3}")));
        assertEquals(new ListParts.Part(1, 1), ListParts.partOf(JSON.readTree("{\"complete\":true}")),
                "a list sent whole, as before parts");
        assertEquals(null, ListParts.partOf(JSON.readTree("{\"complete\":false}")), "a partial list completes nothing");
        for (String bad : List.of("{\"part\":0,\"parts\":3}", "{\"part\":4,\"parts\":3}", "{\"part\":1}",
                "{\"part\":\"1\",\"parts\":2}", "{\"part\":1.5,\"parts\":2}", "{\"part\":1,\"parts\":10001}",
                "{\"complete\":true,\"part\":2,\"parts\":1}")) {
            assertEquals(null, ListParts.partOf(JSON.readTree(bad)), bad);
        }
    }
}
