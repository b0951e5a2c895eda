package io.switchboard.common.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Splitting a huge list into parts of bounded size (docs/SOCIAL.md "Lists in parts", docs/WEBHOOKS.md "Lists in
 * several webhooks"). A robot's complete friend or group list can be 15 MB (500 groups of 500 members); no single
 * robot event or webhook body may be much over {@link #MAX_BYTES}. Entries are packed in their order, by their
 * serialised UTF-8 size, as many per part as fit; an entry larger than a part on its own still goes, alone.
 */
public final class ListParts {
    /** What one robot event or one webhook body may hold at most (about 1 MB). */
    public static final int MAX_BYTES = 1_000_000;
    /** Left for the envelope around a part: ids, type, serial, robot serial (≤ 256), merchant, times. */
    static final int ENVELOPE_RESERVE = 4_096;
    /** A list event's {@code data} may take this much; the rest of {@link #MAX_BYTES} is the envelope's. */
    public static final int DATA_BYTES = MAX_BYTES - ENVELOPE_RESERVE;

    private ListParts() {}

    /**
     * The array's elements, in order, packed into consecutive arrays whose serialised size (brackets and commas
     * included) is at most {@code budget} bytes each. An empty array is one empty part: the receiver still hears
     * that the list is empty.
     */
    public static List<ArrayNode> pack(ObjectMapper json, ArrayNode items, int budget) {
        List<ArrayNode> parts = new ArrayList<>();
        ArrayNode current = json.createArrayNode();
        long size = 2; // []
        for (JsonNode item : items) {
            long bytes = bytes(json, item);
            long added = (current.isEmpty() ? 0 : 1) + bytes;
            if (!current.isEmpty() && size + added > budget) {
                parts.add(current);
                current = json.createArrayNode();
                size = 2;
                added = bytes;
            }
            current.add(item);
            size += added;
        }
        parts.add(current);
        return parts;
    }

    /**
     * A list result's {@code data} ({@code {…, "complete", "<field>":[…]}}) as the robot events that carry it: each a
     * copy of the other fields with {@code "complete"}, {@code "part"} (1, 2, …) and {@code "parts"} (how many), then
     * its share of {@code field}, each at most {@code budget} bytes. {@code complete} keeps its meaning "this event
     * alone is the whole list": true only for a one-part list, so a consumer that does not count parts never marks
     * entries missing from one part as gone; the owner counts the parts instead (docs/SOCIAL.md). A list that was not
     * complete to begin with gets no {@code part}/{@code parts}: there is nothing to count towards.
     */
    public static List<ObjectNode> listParts(ObjectMapper json, ObjectNode data, String field, int budget) {
        ObjectNode base = data.deepCopy();
        base.remove(field);
        base.remove(List.of("part", "parts", "complete"));
        JsonNode list = data.path(field);
        ArrayNode items = list.isArray() ? (ArrayNode) list : json.createArrayNode();
        // The fixed fields plus the largest part/parts/complete the parts can have.
        int fixed = (int) bytes(json, base) + 64 + field.length();
        List<ArrayNode> packed = pack(json, items, Math.max(1, budget - fixed));
        boolean wasComplete = data.path("complete").asBoolean(false);
        List<ObjectNode> out = new ArrayList<>(packed.size());
        for (int i = 0; i < packed.size(); i++) {
            ObjectNode part = base.deepCopy();
            part.put("complete", wasComplete && packed.size() == 1);
            if (wasComplete) {
                part.put("part", i + 1);
                part.put("parts", packed.size());
            }
            part.set(field, packed.get(i));
            out.add(part);
        }
        return out;
    }

    /** Parts a list may be sent in at most (far above 15 MB / 1 MB); more is a malformed event. */
    public static final int MAX_PARTS = 10_000;

    /** Which part of a complete list an event carries ({@code part} of {@code parts}, from 1). */
    public record Part(int part, int parts) {}

    /**
     * The part a list event's {@code data} says it is: {@code part}/{@code parts} when it has them (both whole numbers,
     * 1 ≤ part ≤ parts ≤ {@link #MAX_PARTS}), else part 1 of 1 when it says {@code complete: true} (a list sent
     * whole, as before parts); null when it completes no list (a partial list, or malformed part numbers).
     */
    public static Part partOf(JsonNode data) {
        if (data.has("parts") || data.has("part")) {
            JsonNode part = data.path("part");
            JsonNode parts = data.path("parts");
            if (part.canConvertToInt() && parts.canConvertToInt() && part.isIntegralNumber() && parts.isIntegralNumber()
                    && part.asInt() >= 1 && part.asInt() <= parts.asInt() && parts.asInt() <= MAX_PARTS) {
                return new Part(part.asInt(), parts.asInt());
            }
            return null;
        }
        return data.path("complete").asBoolean(false) ? new Part(1, 1) : null;
    }

    /** Serialised UTF-8 size. */
    public static long bytes(ObjectMapper json, JsonNode node) {
        try {
            return json.writeValueAsBytes(node).length;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a list entry cannot be serialised: " + e.getMessage(), e);
        }
    }
}
