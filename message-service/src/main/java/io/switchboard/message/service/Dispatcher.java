package io.switchboard.message.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.common.client.GroupDirectory;
import io.switchboard.common.client.InternalViews.GroupLinkInfo;
import io.switchboard.common.event.CommandPublisher;
import io.switchboard.message.config.MessageConfig;
import io.switchboard.message.model.StoredMessage;
import io.switchboard.message.model.TargetKind;
import io.switchboard.message.repository.MessageStore;
import io.switchboard.message.repository.MessageStore.Claim;
import io.switchboard.message.repository.MessageStore.Reach;
import io.switchboard.message.service.MessageService.QueueSignal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sends each robot's queue head (docs/MESSAGING.md "Queue and pacing"). One thread per replica looks every
 * {@code switchboard.messages.dispatch.interval} (200 ms) and at once when an accept or a result commits here. A
 * round is one transaction: it claims due robots ({@code FOR UPDATE SKIP LOCKED}, so replicas never take the same
 * robot), marks each head DISPATCHED and writes its {@code command.requested} to the outbox — the message is
 * dispatched exactly when its command exists.
 *
 * <p>A LINE_DEVICE group send carries the group's link info from group-service. That look-up is never made inside
 * a round (a slow group-service must not hold row locks that accepts wait on): a head that needs it is left for the
 * round after, and the info is fetched between the two. When group-service has none or does not answer, the link
 * info a previous send to the group returned is used, else {@code null} (the device then fetches it itself).
 */
@ApplicationScoped
public class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    static final String LINE_DEVICE = "LINE_DEVICE";
    /** Rounds in a row at most, before the thread waits again (a steady flood still lets it breathe). */
    static final int MAX_ROUNDS = 100;
    /** Fetched link infos waiting for their round; more means something is stuck: start over. */
    static final int MAX_PREFETCHED = 10_000;
    /** "group-service has nothing": the command carries {@code groupInfo: null}. */
    static final String NONE = "";

    @Inject
    MessageStore store;
    @Inject
    CommandPublisher commands;
    @Inject
    GroupDirectory groups;
    @Inject
    MessageConfig config;
    @Inject
    ObjectMapper json;

    private final Semaphore wake = new Semaphore(0);
    /** Link info fetched for a queued head, by message serial: its JSON text, or {@link #NONE}. */
    private final Map<String, String> linkInfos = new ConcurrentHashMap<>();
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    private volatile boolean running;
    private Thread thread;

    /** One round: how many robots it claimed and sent, and the heads left for their link info. */
    record Round(int claimed, int dispatched, List<Claim> needLinkInfo) {}

    void start(@Observes StartupEvent ev) {
        if (!config.dispatch().enabled()) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().daemon().name("sb-message-dispatcher").start(this::loop);
    }

    /**
     * Lets a round under way finish (its claims and sends commit) before the datasource closes, for at most
     * {@link #STOP_WAIT}; only then is the thread interrupted.
     */
    void stop(@Observes ShutdownEvent ev) {
        running = false;
        if (thread != null) {
            wake.release();
            try {
                thread.join(STOP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread.interrupt();
        }
    }

    /** After an accept or a result commits: look now rather than at the next tick. */
    void onSignal(@Observes(during = TransactionPhase.AFTER_SUCCESS) QueueSignal signal) {
        wake.release();
    }

    private void loop() {
        Duration backoff = Duration.ofMillis(200);
        while (running) {
            try {
                wake.tryAcquire(config.dispatch().interval().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                if (!running) {
                    return;
                }
                dispatchDue();
                backoff = Duration.ofMillis(200);
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.warnf("dispatching failed, retrying in %d ms: %s", backoff.toMillis(), e.toString());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
                        : backoff.multipliedBy(2);
            }
        }
    }

    /** Dispatches every robot that is due now (rounds until one finds no more); returns how many messages went. */
    public int dispatchDue() {
        int sent = 0;
        for (int i = 0; i < MAX_ROUNDS; i++) {
            Round r = round();
            sent += r.dispatched();
            r.needLinkInfo().forEach(this::fetchLinkInfo);
            if (r.claimed() < config.dispatch().batch() && r.needLinkInfo().isEmpty()) {
                break;
            }
        }
        return sent;
    }

    @Transactional
    Round round() {
        List<Claim> claims = store.claimDue(config.dispatch().batch());
        List<Claim> needLinkInfo = new ArrayList<>();
        int dispatched = 0;
        for (Claim c : claims) {
            StoredMessage head = c.head();
            if (head == null) {
                LOG.warnf("robot %s was counted as having queued messages but has none; count corrected",
                        c.robot().robotSerialNo());
                store.clearPending(c.robot().robotSerialNo());
                continue;
            }
            boolean withLinkInfo = LINE_DEVICE.equals(c.robot().protocol()) && head.targetKind() == TargetKind.GROUP;
            String linkInfo = null;
            if (withLinkInfo) {
                linkInfo = linkInfos.remove(head.serialNo());
                if (linkInfo == null) {
                    needLinkInfo.add(c);
                    continue;
                }
            }
            dispatch(c.robot(), head, withLinkInfo, NONE.equals(linkInfo) ? null : linkInfo);
            dispatched++;
        }
        return new Round(claims.size(), dispatched, needLinkInfo);
    }

    /** The head goes DISPATCHED and its command into the outbox (docs/MESSAGING.md "Command content"). */
    private void dispatch(Reach robot, StoredMessage m, boolean withLinkInfo, String linkInfo) {
        store.markDispatched(robot.robotSerialNo(), m.serialNo(), config.sendTimeout().toMillis(), linkInfo);
        ObjectNode content = json.createObjectNode();
        content.put("targetId", m.targetId());
        content.put("msgType", m.msgType());
        content.put("content", m.content());
        content.put("beforeSleepMs", m.beforeSleepMs());
        content.put("afterSleepMs", m.afterSleepMs());
        content.put("msgNum", 1);
        if (withLinkInfo) {
            content.set("groupInfo", linkInfo == null ? json.nullNode() : read(linkInfo));
        }
        commands.request(m.serialNo(), new CommandPublisher.Target(m.merchantId(), robot.robotSerialNo(),
                robot.protocol(), robot.deviceNo(), null, robot.phone()), m.targetKind().operation(), content,
                config.sendTimeout());
    }

    /** Outside any transaction: group-service's link info, else the one a previous send returned, else none. */
    private void fetchLinkInfo(Claim c) {
        if (linkInfos.size() >= MAX_PREFETCHED) {
            linkInfos.clear();
        }
        String robot = c.robot().robotSerialNo();
        String groupId = c.head().targetId();
        GroupLinkInfo g = groups.linkInfo(robot, groupId);
        String info = null;
        if (g != null && (g.groupKey() != null || g.groupTagB() != null || g.ownerTagB() != null)) {
            ObjectNode n = json.createObjectNode();
            n.put("groupId", g.groupId() == null ? groupId : g.groupId());
            n.put("groupKey", g.groupKey());
            n.put("groupTagB", g.groupTagB());
            n.put("ownerUserId", g.ownerUserId());
            n.put("ownerTagB", g.ownerTagB());
            info = n.toString();
        } else {
            info = store.lastGroupInfo(robot, groupId);
        }
        linkInfos.put(c.head().serialNo(), info == null ? NONE : info);
    }

    private ObjectNode read(String text) {
        try {
            return (ObjectNode) json.readTree(text);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("stored group info is not a JSON object", e);
        }
    }
}
