package io.switchboard.callback.driver;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The driver of each protocol this build supports. */
@ApplicationScoped
public class Drivers {
    @Inject
    @Any
    Instance<RobotDriver> beans;

    private final Map<String, RobotDriver> byProtocol = new HashMap<>();

    @PostConstruct
    void index() {
        for (RobotDriver d : beans) {
            byProtocol.put(d.protocol(), d);
        }
    }

    public Optional<RobotDriver> forProtocol(String protocol) {
        return Optional.ofNullable(protocol == null ? null : byProtocol.get(protocol));
    }
}
