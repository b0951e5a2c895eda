package io.switchboard.callback.command;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.switchboard.callback.driver.Drivers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Hands committed commands to their driver, off the consumer thread (a push may wait on a socket). Losing a
 * dispatch is harmless: the command stays PENDING in PostgreSQL and goes out when its device (re)connects.
 */
@ApplicationScoped
public class CommandDispatcher {
    private static final Logger LOG = Logger.getLogger(CommandDispatcher.class);

    @Inject
    CommandStore store;
    @Inject
    Drivers drivers;

    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "sb-command-dispatch");
        t.setDaemon(true);
        return t;
    });

    void onStored(@Observes(during = TransactionPhase.AFTER_SUCCESS) CommandConsumer.CommandStored s) {
        executor.execute(() -> dispatch(s.serialNo()));
    }

    public void dispatch(String serialNo) {
        try {
            CommandRecord c = QuarkusTransaction.requiringNew().call(() -> store.find(serialNo).orElse(null));
            if (c != null && c.status == CommandStatus.PENDING) {
                drivers.forProtocol(c.protocol).ifPresent(d -> d.dispatch(c));
            }
        } catch (RuntimeException e) {
            LOG.warnf("dispatch of command %s failed; it stays pending: %s", serialNo, e.toString());
        }
    }

    void shutdown(@Observes ShutdownEvent ev) {
        executor.shutdownNow();
    }
}
