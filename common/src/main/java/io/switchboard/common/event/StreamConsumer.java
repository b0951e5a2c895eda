package io.switchboard.common.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.ClaimedMessages;
import io.quarkus.redis.datasource.stream.PendingMessage;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XPendingArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.switchboard.common.config.SwitchboardConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * One consumer of one stream in one consumer group. New entries come from XREADGROUP; entries left pending by a
 * consumer that died are taken over with XAUTOCLAIM once idle long enough. An entry is acknowledged only after
 * its transaction committed; one delivered too often, or unreadable, is set aside in {@link DeadLetters}.
 */
public class StreamConsumer {
    private static final Logger LOG = Logger.getLogger(StreamConsumer.class);

    private final StreamCommands<String, String, String> streams;
    private final ObjectMapper json;
    private final Inbox inbox;
    private final DeadLetters deadLetters;
    private final EventHandler handler;
    private final String group;
    private final String consumer;
    private final SwitchboardConfig.Streams settings;
    private String claimCursor = "0-0";

    public StreamConsumer(RedisDataSource redis, ObjectMapper json, Inbox inbox, DeadLetters deadLetters,
                          EventHandler handler, String group, String consumer, SwitchboardConfig.Streams settings) {
        this.streams = redis.stream(String.class);
        this.json = json;
        this.inbox = inbox;
        this.deadLetters = deadLetters;
        this.handler = handler;
        this.group = group;
        this.consumer = consumer;
        this.settings = settings;
    }

    public String stream() { return handler.stream(); }

    /** Creates the group at the start of the stream (so nothing written before the first start is missed). */
    public void ensureGroup() {
        try {
            streams.xgroupCreate(stream(), group, "0", new XGroupCreateArgs().mkstream());
        } catch (RuntimeException e) {
            if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
                throw e;
            }
        }
    }

    /** Reads and processes new entries; returns how many were handled (including duplicates skipped). */
    public int pollOnce(Duration block) {
        List<StreamMessage<String, String, String>> batch;
        try {
            batch = streams.xreadgroup(group, consumer, stream(), ">",
                    new XReadGroupArgs().count(settings.batchSize()).block(block));
        } catch (RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().contains("NOGROUP")) {
                ensureGroup(); // the stream vanished (Redis restart): recreate and go on
                return 0;
            }
            throw e;
        }
        int done = 0;
        for (StreamMessage<String, String, String> m : batch) {
            if (process(m)) {
                done++;
            }
        }
        return done;
    }

    /** Takes over entries idle longer than the reclaim timeout; returns how many were settled. */
    public int reclaimOnce() {
        // Every claim counts as a delivery: claiming during a database outage would push good events towards
        // dead letters for a failure that is not theirs.
        if (!inbox.databaseAvailable()) {
            LOG.warnf("database unavailable: not reclaiming pending entries of %s", stream());
            return 0;
        }
        ClaimedMessages<String, String, String> claimed = streams.xautoclaim(stream(), group, consumer,
                settings.reclaimIdle(), claimCursor, settings.batchSize());
        claimCursor = claimed.getId() == null ? "0-0" : claimed.getId();
        List<StreamMessage<String, String, String>> messages = claimed.getMessages();
        if (messages.isEmpty()) {
            return 0;
        }
        Map<String, Long> deliveries = deliveryCounts(messages);
        int done = 0;
        for (StreamMessage<String, String, String> m : messages) {
            long count = deliveries.getOrDefault(m.id(), 1L);
            if (count > settings.maxDeliveries()) {
                deadLetter(m, null, "delivered " + count + " times without success");
                done++;
            } else if (process(m)) {
                done++;
            }
        }
        return done;
    }

    private Map<String, Long> deliveryCounts(List<StreamMessage<String, String, String>> messages) {
        Map<String, Long> out = new HashMap<>();
        String first = messages.get(0).id();
        String last = messages.get(messages.size() - 1).id();
        List<PendingMessage> pending = streams.xpending(stream(), group, StreamRange.of(first, last),
                messages.size(), new XPendingArgs().consumer(consumer));
        for (PendingMessage p : pending) {
            out.put(p.getMessageId(), (long) p.getDeliveryCount());
        }
        return out;
    }

    /** Handles one entry; true when it is settled (acknowledged). */
    boolean process(StreamMessage<String, String, String> m) {
        String raw = m.payload().get(Streams.FIELD_EVENT);
        EventEnvelope event;
        try {
            event = json.readValue(raw, EventEnvelope.class);
            if (event.id() == null) {
                throw new IllegalArgumentException("event has no id");
            }
        } catch (Exception e) {
            deadLetter(m, null, "unreadable event: " + e.getMessage());
            return true;
        }
        if (!handler.wants(event)) {
            streams.xack(stream(), group, m.id()); // another service's event: no dedup row, no transaction
            return true;
        }
        try {
            boolean ran = inbox.processOnce(group, stream(), event, handler);
            if (!ran) {
                LOG.debugf("event %s on %s was already processed; acknowledging", event.id(), stream());
            }
        } catch (RuntimeException e) {
            LOG.warnf("event %s (%s) on %s failed, left pending for retry: %s", event.id(), event.type(), stream(),
                    e.toString());
            return false;
        }
        streams.xack(stream(), group, m.id());
        return true;
    }

    /**
     * Sets the entry aside in this service's {@code dead_letter} table, then acknowledges it: if the insert fails
     * (the database is down) the entry stays pending and is tried again, so nothing is dropped.
     */
    private void deadLetter(StreamMessage<String, String, String> m, EventEnvelope event, String reason) {
        String raw = m.payload().get(Streams.FIELD_EVENT);
        if (event == null) {
            event = readable(raw);
        }
        deadLetters.record(group, stream(), m.id(), event, reason, raw);
        streams.xack(stream(), group, m.id());
        LOG.errorf("entry %s of %s (event %s) set aside as a dead letter: %s", m.id(), stream(),
                event == null ? "unreadable" : event.id(), reason);
    }

    private EventEnvelope readable(String raw) {
        try {
            EventEnvelope e = raw == null ? null : json.readValue(raw, EventEnvelope.class);
            return e == null || e.id() == null ? null : e;
        } catch (Exception e) {
            return null;
        }
    }
}
