package io.switchboard.common.client;

import io.switchboard.common.api.Formats;
import io.switchboard.common.client.InternalViews.GroupLinkInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The one client of group-service's internal API for every other service (message-service asks it for a group's
 * link info before a LINE group send, docs/MESSAGING.md). Nothing waits on it for correctness: the caller can do
 * without the answer (the device fetches the link info itself), so every failure — timeout, connection refused,
 * 5xx, an open breaker — is answered {@code null} by the fallback, like "not known" (404).
 *
 * <p>A key that cannot name anything (blank, NUL, over 256 characters) is answered null without an HTTP call. The
 * breaker counts only dependency failures; a 404 is an answer. The settings live here and nowhere else (they can
 * still be overridden with MicroProfile Fault Tolerance properties).
 */
@ApplicationScoped
public class GroupDirectory {
    private static final Logger LOG = Logger.getLogger(GroupDirectory.class);
    /** One call, connection included: the caller is a dispatcher that must not stall long. */
    static final long TIMEOUT_MS = 1_000;
    static final int MAX_RETRIES = 1;
    static final long RETRY_DELAY_MS = 100;
    /** The breaker opens when half of the last 10 calls failed, and lets a probe through after 5 s. */
    static final int BREAKER_WINDOW = 10;
    static final double BREAKER_FAILURE_RATIO = 0.5;
    static final long BREAKER_DELAY_MS = 5_000;

    /** group-service refused our request with a 4xx other than 404: not its failure, so not counted. */
    static final class Refused extends RuntimeException {
        Refused(int status) {
            super("group-service refused the request with HTTP " + status, null, false, false);
        }
    }

    private final GroupInternalClient client;

    @Inject
    public GroupDirectory(@RestClient GroupInternalClient client) {
        this.client = client;
    }

    /** The group's link info, or null when group-service does not know it or cannot answer now. */
    public GroupLinkInfo linkInfo(String robotSerialNo, String groupId) {
        if (!Formats.isRobotSerial(robotSerialNo) || !Formats.isRobotSerial(groupId)) {
            return null;
        }
        return fetchLinkInfo(robotSerialNo, groupId);
    }

    // Intercepted self-invocation (ArC supports it on non-private methods): timeout, retry, breaker and fallback.
    @Timeout(TIMEOUT_MS)
    @Retry(maxRetries = MAX_RETRIES, delay = RETRY_DELAY_MS, abortOn = {Refused.class, CircuitBreakerOpenException.class})
    @CircuitBreaker(requestVolumeThreshold = BREAKER_WINDOW, failureRatio = BREAKER_FAILURE_RATIO,
            delay = BREAKER_DELAY_MS, delayUnit = ChronoUnit.MILLIS, skipOn = Refused.class)
    @Fallback(fallbackMethod = "unknown")
    GroupLinkInfo fetchLinkInfo(String robotSerialNo, String groupId) {
        try {
            return client.linkInfo(robotSerialNo, groupId);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404) {
                return null;
            }
            if (status >= 400 && status < 500) {
                throw new Refused(status);
            }
            throw new IllegalStateException("group-service answered " + status);
        }
    }

    GroupLinkInfo unknown(String robotSerialNo, String groupId) {
        LOG.debugf("group-service did not answer the link info of %s/%s; going without", robotSerialNo, groupId);
        return null;
    }
}
