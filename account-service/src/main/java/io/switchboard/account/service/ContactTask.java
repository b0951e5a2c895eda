package io.switchboard.account.service;

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
}
