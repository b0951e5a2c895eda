package io.switchboard.common.gate;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The Open API string to sign (DESIGN §2): every parameter except {@code sign}, empty values dropped, sorted by
 * key in ASCII order, {@code key=value} joined with {@code &}, raw (not URL-encoded).
 */
public final class CanonicalString {
    private CanonicalString() {}

    public static String of(Map<String, String> params) {
        // TreeMap on String sorts by UTF-16 code unit, which is ASCII order for ASCII keys.
        return new TreeMap<>(params).entrySet().stream()
                .filter(e -> !"sign".equals(e.getKey()))
                .filter(e -> e.getValue() != null && !e.getValue().isEmpty())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
    }
}
