package io.switchboard.account.service;

import io.quarkus.scheduler.Scheduled;
import io.switchboard.account.config.AccountConfig;
import io.switchboard.account.model.Robot;
import io.switchboard.account.model.RobotState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * account-service's own deadline for logins. Normally a login ends by its result or by callback-service failing
 * the command at its deadline; if neither ever arrives (a command dropped on the way, a lost event), the robot
 * would stay logging in and refuse every new login with 409. A robot logging in for longer than the login timeout
 * plus a grace period is failed here like any failed login: webhook 1001 with result code 1 and a reason that says
 * it timed out, logging in → offline with its history row.
 *
 * <p>Safe across replicas: each run locks the rows it takes with {@code FOR UPDATE SKIP LOCKED}, so two replicas
 * never fail one login twice, and a robot whose result is being applied right now (its row locked by the event
 * consumer) is skipped. Idempotent with a late real result: the state is checked under the lock, and the
 * consumer ignores a result for a robot that is no longer logging in.
 */
@ApplicationScoped
public class LoginDeadline {
    private static final Logger LOG = Logger.getLogger(LoginDeadline.class);
    static final int BATCH = 100;
    static final String CAUSE = "login.deadline";

    @Inject
    EntityManager em;
    @Inject
    RobotLifecycle lifecycle;
    @Inject
    AccountConfig config;

    // The interval's default is AccountConfig's (mapping defaults are visible to config expressions).
    @Scheduled(identity = "login-deadline", every = "{switchboard.account.login-sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            int failed;
            do {
                failed = sweep();
            } while (failed == BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("login deadline sweep failed, next run retries: %s", e.toString());
        }
    }

    /** Fails up to {@link #BATCH} overdue logins; returns how many. */
    @Transactional
    public int sweep() {
        long limitSeconds = config.loginTimeout().plus(config.loginGrace()).toSeconds();
        Instant cutoff = Instant.now().minusSeconds(limitSeconds);
        // Since when a robot is logging in: its last transition to LOGGING_IN (robot.updated_at moves for other reasons).
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("""
                        select r.id from robot r
                        where r.state = ?1
                          and (select max(c.changed_at) from robot_state_change c
                               where c.robot_serial_no = r.robot_serial_no and c.to_state = ?1) < ?2
                        order by r.id
                        limit ?3
                        for update of r skip locked""")
                .setParameter(1, RobotState.LOGGING_IN.code())
                .setParameter(2, cutoff)
                .setParameter(3, BATCH)
                .getResultList();
        int failed = 0;
        for (Number id : ids) {
            Robot robot = em.find(Robot.class, id.longValue());
            if (robot == null || robot.robotState() != RobotState.LOGGING_IN) {
                continue;
            }
            lifecycle.failLogin(robot, "login timed out: no result within " + limitSeconds + " s",
                    new RobotLifecycle.Cause(CAUSE, robot.loginSerialNo, null));
            failed++;
        }
        if (failed > 0) {
            LOG.infof("failed %d overdue login(s) (logging in for more than %d s)", failed, limitSeconds);
        }
        return failed;
    }
}
