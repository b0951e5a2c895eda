package io.switchboard.common.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/PROTOCOLS.md and {@link ProtocolSupport} hold the same three tables; this parses the page (plain JUnit, no
 * Quarkus) and fails on any difference, so the documented map and the code that enforces it cannot drift apart.
 */
class ProtocolSupportTest {
    private static final Path PAGE = Path.of("..", "docs", "PROTOCOLS.md");
    private static final String COLUMNS = " | LINE_DEVICE | LINE_WS | CHAT68_WS | IM_HTTP |";
    private static final Pattern SEPARATOR = Pattern.compile("\\|(\\s*:?-+:?\\s*\\|){5}");
    // A cell: "—", or backticked commands joined by " + " (in order) and " / " (alternatives).
    private static final Pattern CELL = Pattern.compile("`[^`]+`( (\\+|/) `[^`]+`)*");
    private static final Pattern COMMAND = Pattern.compile("`([^`]+)`");

    private static List<String> lines;

    @BeforeAll
    static void readPage() throws IOException {
        assertTrue(Files.isRegularFile(PAGE), "expected the operation map at " + PAGE.toAbsolutePath());
        lines = Files.readAllLines(PAGE);
    }

    @Test
    void operationMatrixEqualsTheCode() {
        assertSameTable("operation", parse("operation", "[a-z][A-Za-z]+"), ProtocolSupport.operationTable());
    }

    @Test
    void messageTypeTableEqualsTheCode() {
        Map<String, List<Cell>> page = parse("msg_type", "[0-9] [a-z]+");
        List<String> expectedKeys = new ArrayList<>();
        for (int i = 0; i < ProtocolSupport.MESSAGE_TYPES.size(); i++) {
            expectedKeys.add(i + " " + ProtocolSupport.MESSAGE_TYPES.get(i));
        }
        assertEquals(expectedKeys, List.copyOf(page.keySet()), "one row per msg_type 0-6 with its word, in order");
        assertSameTable("msg_type", page, ProtocolSupport.messageTypeTable());
    }

    @Test
    void variantTableEqualsTheCode() {
        assertSameTable("variant", parse("variant", "[a-z][A-Za-z]+\\.[a-z][A-Za-z]+"), ProtocolSupport.variantTable());
    }

    /** An operation with variants is supported exactly where one variant is, with exactly its variants' commands. */
    @Test
    void variantsAgreeWithTheirOperation() {
        Map<String, List<Cell>> operations = parse("operation", "[a-z][A-Za-z]+");
        Map<String, Map<String, List<Cell>>> byOperation = new LinkedHashMap<>();
        parse("variant", "[a-z][A-Za-z]+\\.[a-z][A-Za-z]+").forEach((key, cells) -> byOperation
                .computeIfAbsent(key.substring(0, key.indexOf('.')), k -> new LinkedHashMap<>()).put(key, cells));
        byOperation.forEach((operation, variants) -> {
            assertTrue(operations.containsKey(operation), "variant rows for an operation not in the matrix: " + operation);
            assertCoveredBy(operation, operations.get(operation), variants.values());
        });
        Map<String, List<Cell>> types = parse("msg_type", "[0-9] [a-z]+");
        assertCoveredBy("sendMessage", operations.get("sendMessage"), types.values());
        assertCoveredBy("sendGroupMessage", operations.get("sendGroupMessage"), types.values());
    }

    @Test
    void refusesWhatAProtocolLacksWith40011() {
        ApiException e = assertThrows(ApiException.class, () -> ProtocolSupport.require("LINE_DEVICE", "updateGroup"));
        assertEquals(ErrorCode.UNSUPPORTED_BY_PROTOCOL, e.errorCode());
        assertEquals(400, e.errorCode().httpStatus());
        assertEquals("updateGroup is not supported by protocol LINE_DEVICE (docs/PROTOCOLS.md)", e.getMessage());

        e = assertThrows(ApiException.class, () -> ProtocolSupport.require("LINE_WS", "updateGroup", "notice"));
        assertEquals(ErrorCode.UNSUPPORTED_BY_PROTOCOL, e.errorCode());
        assertEquals("updateGroup.notice is not supported by protocol LINE_WS (docs/PROTOCOLS.md)", e.getMessage());

        e = assertThrows(ApiException.class, () -> ProtocolSupport.requireMessageType("IM_HTTP", "sendMessage", 5));
        assertEquals(ErrorCode.UNSUPPORTED_BY_PROTOCOL, e.errorCode());
        assertEquals("sendMessage msg_type 5 (location) is not supported by protocol IM_HTTP (docs/PROTOCOLS.md)",
                e.getMessage());

        e = assertThrows(ApiException.class, () -> ProtocolSupport.requireMessageType("LINE_WS", "sendMessage", 7));
        assertEquals(ErrorCode.INVALID_PARAMETER, e.errorCode(), "an unknown type is bad input, not a protocol gap");

        // Supported ones pass silently.
        ProtocolSupport.require("LINE_DEVICE", "login");
        ProtocolSupport.require("CHAT68_WS", "updateGroup", "muteMember");
        ProtocolSupport.requireMessageType("LINE_DEVICE", "sendGroupMessage", 5);
    }

    @Test
    void answersPerProtocol() {
        // A LINE device does seed 001's operations (cmd 10000-10010) and the SMS code, nothing else.
        assertEquals(Set.of("login", "logout", "submitPhoneCode", "addFriend", "getFriendList", "syncContacts",
                "createGroup", "getGroupInfo", "getGroupList", "inviteFriendsToGroup", "quitGroup", "sendMessage",
                "sendGroupMessage"), ProtocolSupport.operations("LINE_DEVICE"));
        for (String protocol : ProtocolSupport.PROTOCOLS) {
            assertTrue(ProtocolSupport.supports(protocol, "login"), protocol + " logs in");
            assertTrue(ProtocolSupport.supports(protocol, "logout"), protocol + " logs out");
            assertTrue(ProtocolSupport.supportsMessageType(protocol, 0), protocol + " sends text");
        }
        assertTrue(ProtocolSupport.supports("IM_HTTP", "sendMessage"));
        assertFalse(ProtocolSupport.supportsMessageType("CHAT68_WS", 6));
        assertTrue(ProtocolSupport.supports("LINE_WS", "searchContact", "phone"));
        assertFalse(ProtocolSupport.supports("IM_HTTP", "searchContact", "phone"));
        assertEquals(Optional.of("sendMsg / sendFile"), ProtocolSupport.commands("CHAT68_WS", "sendMessage"));
        assertEquals(Optional.empty(), ProtocolSupport.commands("CHAT68_WS", "createGroup"));

        assertFalse(ProtocolSupport.supports("WECHAT", "login"), "unknown protocol");
        assertFalse(ProtocolSupport.supports(null, "login"));
        assertFalse(ProtocolSupport.supports("LINE_WS", "noSuchOperation"));
        assertFalse(ProtocolSupport.supports("LINE_WS", null));
        assertTrue(ProtocolSupport.operations("WECHAT").isEmpty());
        assertFalse(ProtocolSupport.supportsMessageType("LINE_WS", -1));
    }

    private record Cell(String text, Set<String> commands) {
        boolean supported() { return !commands.isEmpty(); }
    }

    /** The table under "| first | LINE_DEVICE | ... |": key -> cells in protocol order, each checked for form. */
    private static Map<String, List<Cell>> parse(String first, String keyPattern) {
        String header = "| " + first + COLUMNS;
        int at = lines.indexOf(header);
        assertTrue(at >= 0, "docs/PROTOCOLS.md has no table headed " + header);
        assertEquals(at, lines.lastIndexOf(header), "the table headed " + header + " appears twice");
        assertTrue(at + 1 < lines.size() && SEPARATOR.matcher(lines.get(at + 1)).matches(),
                "line " + (at + 2) + " must be the header separator");
        Map<String, List<Cell>> rows = new LinkedHashMap<>();
        for (int i = at + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String line = lines.get(i);
            String where = "docs/PROTOCOLS.md line " + (i + 1) + ": ";
            assertTrue(line.endsWith("|"), where + "a row ends with |");
            String[] parts = line.substring(1, line.length() - 1).split("\\|", -1);
            assertEquals(5, parts.length, where + "a row has five cells");
            String key = parts[0].trim();
            assertTrue(key.matches(keyPattern), where + "bad " + first + " '" + key + "'");
            List<Cell> cells = new ArrayList<>();
            for (int c = 1; c < parts.length; c++) {
                cells.add(cell(parts[c].trim(), where + ProtocolSupport.PROTOCOLS.get(c - 1) + ": "));
            }
            assertFalse(rows.containsKey(key), where + "duplicate row " + key);
            rows.put(key, cells);
        }
        assertFalse(rows.isEmpty(), "the table headed " + header + " has no rows");
        return rows;
    }

    private static Cell cell(String text, String where) {
        if (ProtocolSupport.NO.equals(text)) {
            return new Cell(text, Set.of());
        }
        if (!CELL.matcher(text).matches()) {
            fail(where + "a cell is \u2014 or `command`s joined by ' + ' or ' / ', found: " + text);
        }
        Set<String> commands = new LinkedHashSet<>();
        Matcher m = COMMAND.matcher(text);
        while (m.find()) {
            commands.add(m.group(1));
        }
        // The code keeps the cell without the markdown backticks.
        return new Cell(text.replace("`", ""), commands);
    }

    private static void assertSameTable(String first, Map<String, List<Cell>> page, Map<String, List<String>> code) {
        assertEquals(List.copyOf(page.keySet()), List.copyOf(code.keySet()),
                "the " + first + " rows (and their order) of docs/PROTOCOLS.md and ProtocolSupport");
        page.forEach((key, cells) -> {
            for (int c = 0; c < cells.size(); c++) {
                assertEquals(cells.get(c).text(), code.get(key).get(c),
                        first + " " + key + ", " + ProtocolSupport.PROTOCOLS.get(c) + ": docs/PROTOCOLS.md vs ProtocolSupport");
            }
        });
    }

    private static void assertCoveredBy(String operation, List<Cell> cells, Iterable<List<Cell>> parts) {
        for (int c = 0; c < cells.size(); c++) {
            Set<String> union = new LinkedHashSet<>();
            for (List<Cell> part : parts) {
                union.addAll(part.get(c).commands());
            }
            String protocol = ProtocolSupport.PROTOCOLS.get(c);
            assertEquals(cells.get(c).supported(), !union.isEmpty(),
                    operation + " on " + protocol + ": supported exactly when one of its variants or types is");
            assertEquals(cells.get(c).commands(), union,
                    operation + " on " + protocol + ": its cell's commands are its variants' or types' commands");
        }
    }
}
