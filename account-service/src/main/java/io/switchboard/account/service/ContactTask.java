package io.switchboard.account.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code data} of a contact operation whose result is read with {@code getTask} (docs/SOCIAL.md "The extra
 * operations"): which robot, which {@code ProtocolSupport} variants the request selects, and the command content.
 * One service method ({@link ContactService#task}) checks and publishes them all.
 */
public interface ContactTask {
    String vcRobotSerialNo();

    /** The variants the request selects, each checked after the operation; none for an operation without any. */
    default List<String> variants() {
        return List.of();
    }

    /** The command content with docs/SOCIAL.md's keys. */
    Map<String, Object> content();

    /** The pairs {@code key, value, key, value, …} whose value is given (not null), in order. */
    static Map<String, Object> given(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                m.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return m;
    }
}
