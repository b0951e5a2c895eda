package io.switchboard.callback.driver.line;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.callback.config.CallbackConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deduplicates result callbacks: sha256(device | action | raw body) is recorded in the transaction that applies
 * the callback, so a device's retry (same bytes) within the window changes nothing. The window is bounded
 * because an identical body can legitimately come again much later (e.g. the same RobotStatus days apart).
 */
@ApplicationScoped
public class DeviceInbox {
    @Inject
    EntityManager em;

    @Inject
    CallbackConfig config;

    /** True the first time within the window (the caller applies the callback), false for a repeat. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstTime(String deviceNo, String action, byte[] body) {
        return em.createNativeQuery("""
                        insert into device_inbox (digest, device_no, action) values (?1, ?2, ?3)
                        on conflict (digest) do update set received_at = now()
                        where device_inbox.received_at < now() - make_interval(secs => ?4)""")
                .setParameter(1, digest(deviceNo, action, body))
                .setParameter(2, deviceNo)
                .setParameter(3, action)
                .setParameter(4, config.line().dedupWindow().toSeconds())
                .executeUpdate() == 1;
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "delete from device_inbox where received_at < now() - make_interval(secs => ?1)")
                .setParameter(1, config.line().dedupWindow().toSeconds())
                .executeUpdate());
    }

    static String digest(String deviceNo, String action, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((deviceNo + "|" + action + "|").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
