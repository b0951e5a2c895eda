package io.switchboard.common.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ControlCharactersTest {
    @Test
    void escapesEveryLineBreakingCharacter() {
        assertEquals("a\\nb\\r\\nc\\td", ControlCharacters.escape("a\nb\r\nc\td"));
        assertEquals("\\u0000\\u001b[31m\\u007f\\u0085\\u2028\\u2029", ControlCharacters.escape("\0\u001b[31m\u007f\u0085\u2028\u2029"));
        String plain = "no control, 中文, emoji 😀, backslash \\n stays";
        assertSame(plain, ControlCharacters.escape(plain));
    }

    @Test
    void findsControlsWithOrWithoutTextLayout() {
        assertEquals(1, ControlCharacters.indexOf("a\nb", false));
        assertEquals(-1, ControlCharacters.indexOf("a\r\n\tb", true));
        assertEquals(2, ControlCharacters.indexOf("a\n\0", true), "NUL is never layout");
        assertEquals(-1, ControlCharacters.indexOf("line\u2028separator", false), "accepted at the doors");
        assertEquals("U+0000", ControlCharacters.name("\0", 0));
    }
}
