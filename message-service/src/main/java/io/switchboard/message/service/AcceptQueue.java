package io.switchboard.message.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.message.config.MessageConfig;
import io.switchboard.message.repository.MessageStore;
import io.switchboard.message.repository.MessageStore.Enqueued;
import io.switchboard.message.repository.MessageStore.NewMessage;
import io.switchboard.message.repository.MessageStore.Reach;
import io.switchboard.message.service.MessageService.QueueSignal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Group commit for accepted messages (docs/MESSAGING.md "Accepting"): concurrent {@code sendMessage} calls hand their
 * message to a few writer threads, and each writer stores everything waiting in one transaction — one statement for
 * the robots' queue rows, one batch of inserts, one commit — instead of one transaction per call. A call is answered
 * only after the transaction holding its message committed, so an accepted message is as durable as before; what
 * changes is that PostgreSQL flushes its log once for many messages. Under light load a batch holds one message.
 *
 * <p>A message whose insert did not happen (its {@code vcClientMsgId} is bound already) or whose batch failed goes
 * back to its caller, which takes the one-message path ({@link MessageService#accept}): that path answers the bound
 * message or the 409, and turns a database failure into the caller's own error.
 */
@ApplicationScoped
public class AcceptQueue {
    private static final Logger LOG = Logger.getLogger(AcceptQueue.class);
    /** How long a call waits for its batch; far beyond the pool's acquisition timeout, so only a hang reaches it. */
    static final long WAIT_SECONDS = 60;

    @Inject
    MessageStore store;
    @Inject
    MessageConfig config;
    @Inject
    Event<QueueSignal> signal;

    /** A message waiting for its batch; completes with the messages ahead of it, or -1: take the one-message path. */
    private record Pending(NewMessage message, Reach robot, CompletableFuture<Integer> done) {}

    private final LinkedBlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running;

    void start(@Observes StartupEvent ev) {
        if (config.accept().writers() <= 0) {
            return;
        }
        running = true;
        for (int i = 0; i < config.accept().writers(); i++) {
            writers.add(Thread.ofPlatform().daemon().name("sb-message-accept-" + i).start(this::loop));
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        running = false;
        for (Thread t : writers) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // Whatever no writer took goes back to its caller, which stores it on the one-message path.
        for (Pending p; (p = waiting.poll()) != null; ) {
            p.done().complete(-1);
        }
    }

    /**
     * Stores the message in the next batch; the number of the robot's messages ahead of it, or empty when the caller
     * must take the one-message path (the key was bound, the batch failed, or batching is off or shutting down).
     */
    public OptionalInt accept(NewMessage m, Reach robot) {
        if (!running) {
            return OptionalInt.empty();
        }
        Pending p = new Pending(m, robot, new CompletableFuture<>());
        waiting.add(p);
        int ahead;
        try {
            ahead = p.done().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.DEPENDENCY_UNAVAILABLE, "interrupted while storing the message");
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiException(ErrorCode.DEPENDENCY_UNAVAILABLE, "the message store did not answer within "
                    + WAIT_SECONDS + " s; the message may or may not be queued (send it with a vcClientMsgId to retry "
                    + "safely)");
        }
        return ahead < 0 ? OptionalInt.empty() : OptionalInt.of(ahead);
    }

    private void loop() {
        int max = Math.max(1, config.accept().batch());
        while (running) {
            List<Pending> batch = new ArrayList<>();
            try {
                Pending first = waiting.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch, max - 1);
                int[] ahead = QuarkusTransaction.requiringNew().call(() -> write(batch));
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).done().complete(ahead[i]);
                }
            } catch (InterruptedException e) {
                batch.forEach(p -> p.done().complete(-1));
                if (!running) {
                    return;
                }
            } catch (RuntimeException e) {
                // One transaction for all: on any failure every message retries alone, so one bad message or a
                // database outage fails only its own call, with that call's own error.
                LOG.debugf("a batch of %d accepted messages failed, each is retried alone: %s", batch.size(), e);
                batch.forEach(p -> p.done().complete(-1));
            }
        }
    }

    /** In one transaction: the queue rows (robot order), the messages (arrival order); per message, ahead or -1. */
    private int[] write(List<Pending> batch) {
        Map<String, Reach> robots = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Pending p : batch) {
            robots.put(p.robot().robotSerialNo(), p.robot());
            counts.merge(p.robot().robotSerialNo(), 1, Integer::sum);
        }
        List<String> order = new ArrayList<>(robots.keySet());
        Map<String, Enqueued> queued = store.enqueueAll(order.stream().map(robots::get).toList(),
                order.stream().map(counts::get).toList());
        boolean[] inserted = store.insertAll(batch.stream().map(Pending::message).toList());
        int[] ahead = new int[batch.size()];
        Map<String, Integer> taken = new LinkedHashMap<>();
        Map<String, Integer> missed = new LinkedHashMap<>();
        boolean ready = false;
        for (int i = 0; i < batch.size(); i++) {
            String robot = batch.get(i).robot().robotSerialNo();
            if (inserted[i]) {
                Enqueued q = queued.get(robot);
                int before = taken.merge(robot, 1, Integer::sum) - 1;
                ahead[i] = q.ahead() + before;
                ready |= q.ready();
            } else {
                ahead[i] = -1;
                missed.merge(robot, 1, Integer::sum);
            }
        }
        missed.forEach(store::unqueue);
        if (ready) {
            signal.fire(QueueSignal.ACCEPTED);
        }
        return ahead;
    }
}
