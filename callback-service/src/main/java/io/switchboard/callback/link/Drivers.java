package io.switchboard.callback.link;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The driver of each protocol this build has: every {@link RobotDriver} bean, found by its protocol. */
@ApplicationScoped
public class Drivers {
    private static final Logger LOG = Logger.getLogger(Drivers.class);

    @Inject
    @Any
    Instance<RobotDriver> beans;

    private final Map<String, RobotDriver> byProtocol = new HashMap<>();

    @PostConstruct
    void index() {
        for (RobotDriver d : beans) {
            RobotDriver twin = byProtocol.put(d.protocol(), d);
            if (twin != null) {
                throw new IllegalStateException("two drivers for protocol " + d.protocol() + ": "
                        + twin.getClass().getName() + " and " + d.getClass().getName());
            }
        }
    }

    void logAtStart(@Observes StartupEvent ev) {
        LOG.infof("robot drivers: %s", byProtocol.keySet());
    }

    public Optional<RobotDriver> forProtocol(String protocol) {
        return Optional.ofNullable(protocol == null ? null : byProtocol.get(protocol));
    }

    public Collection<RobotDriver> all() {
        return byProtocol.values();
    }
}
