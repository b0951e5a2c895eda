package io.switchboard.common.api;

/**
 * Finding and escaping control characters, for the doors that refuse them and for the log filter that must never
 * let one through. "Control" is what {@link Formats#hasControl} means: the C0 range (NUL…U+001F), DEL and the C1
 * range. {@link #escape} also rewrites the Unicode line and paragraph separators, which some log viewers break
 * lines on; the doors accept those in text.
 */
public final class ControlCharacters {
    private ControlCharacters() {}

    /** C0, DEL or C1. */
    public static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }

    private static boolean breaksLogLine(char c) {
        return isControl(c) || c == '\u2028' || c == '\u2029';
    }

    /**
     * The index of the first control character, or -1. {@code textLayout} allows tab, line feed and carriage
     * return (multi-line message text); NUL is never allowed.
     */
    public static int indexOf(String s, boolean textLayout) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isControl(c) && !(textLayout && (c == '\t' || c == '\n' || c == '\r'))) {
                return i;
            }
        }
        return -1;
    }

    /** True when {@code s} holds NUL, which PostgreSQL cannot store in text or jsonb. */
    public static boolean hasNul(String s) {
        return s.indexOf('\0') >= 0;
    }

    /** "U+000A" for the character at {@code index}: how refusals name it without echoing it. */
    public static String name(String s, int index) {
        return String.format("U+%04X", (int) s.charAt(index));
    }

    /**
     * {@code s} with every control character (and U+2028, U+2029) written as an escape: line feed, carriage
     * return and tab as backslash-n, -r, -t, the others as backslash-u and four hex digits. Returns {@code s}
     * itself when there is nothing to escape.
     */
    public static String escape(String s) {
        if (s == null) {
            return null;
        }
        int first = -1;
        for (int i = 0; i < s.length(); i++) {
            if (breaksLogLine(s.charAt(i))) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, first);
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!breaksLogLine(c)) {
                b.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }
}
