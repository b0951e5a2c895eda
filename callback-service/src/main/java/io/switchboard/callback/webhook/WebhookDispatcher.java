package io.switchboard.callback.webhook;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.callback.config.CallbackConfig;
import io.switchboard.callback.link.LinkOwnership;
import io.switchboard.callback.webhook.WebhookDeliveryRepository.Claimed;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import io.switchboard.common.config.SwitchboardConfig;
import org.jboss.logging.Logger;

/**
 * Finds due deliveries and sends them, each on its own virtual thread, at most {@code max-in-flight} at a time.
 * Runs every second and right after a delivery is queued or replayed. Rows are claimed in a short transaction
 * (FOR UPDATE SKIP LOCKED, so replicas share the work) and sent after it committed.
 */
@ApplicationScoped
public class WebhookDispatcher {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    /** A claim outlives the slowest attempt (lookup with retries + 15 s send) with room to spare. */
    static final Duration LEASE = Duration.ofMinutes(2);

    @Inject
    WebhookDeliveryRepository repository;
    @Inject
    WebhookDeliveryService service;
    @Inject
    SwitchboardConfig config;
    @Inject
    CallbackConfig callbackConfig;

    private Semaphore inFlight;
    private ExecutorService senders;
    private ExecutorService wakeups;
    private final ReentrantLock claiming = new ReentrantLock();
    private final AtomicBoolean rerun = new AtomicBoolean();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    /** The last claim stopped for lack of room: free a slot, look again. */
    private volatile boolean saturated;
    /** Shutting down: nothing new is claimed, sends under way finish. */
    private volatile boolean stopping;

    @PostConstruct
    void init() {
        inFlight = new Semaphore(Math.max(1, config.webhooks().maxInFlight()));
        senders = Executors.newVirtualThreadPerTaskExecutor();
        wakeups = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("sb-webhook-wakeup").factory());
    }

    void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) WebhookDeliveryService.DeliveryQueued queued) {
        wake();
    }

    /** Dispatches soon on a background thread (coalesced: many wake-ups while one is queued cost one run). */
    public void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            try {
                wakeups.submit(() -> {
                    wakeQueued.set(false);
                    safeDispatch();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                wakeQueued.set(false); // shutting down; the rows wait in the database
            }
        }
    }

    @Scheduled(every = "${switchboard.webhooks.dispatch-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        safeDispatch();
    }

    private void safeDispatch() {
        try {
            dispatchDue();
        } catch (RuntimeException e) {
            LOG.warnf("webhook dispatch failed, will retry: %s", e.toString());
        }
    }

    /**
     * Claims due deliveries while there is room in flight and starts sending them; returns how many it started.
     * If another thread is claiming, it is asked to look once more instead (so no wake-up is lost).
     */
    public int dispatchDue() {
        if (stopping) {
            return 0;
        }
        rerun.set(true);
        int started = 0;
        while (rerun.get() && claiming.tryLock()) {
            try {
                rerun.set(false);
                started += claimAndStart();
            } finally {
                claiming.unlock();
            }
        }
        return started;
    }

    private int claimAndStart() {
        int started = 0;
        while (!stopping) {
            int room = inFlight.availablePermits();
            if (room == 0 || !inFlight.tryAcquire(room)) {
                saturated = true;
                return started;
            }
            List<Claimed> batch;
            try {
                batch = repository.claimDue(room, LEASE);
            } catch (RuntimeException e) {
                inFlight.release(room);
                throw e;
            }
            inFlight.release(room - batch.size());
            for (Claimed c : batch) {
                senders.submit(() -> send(c));
            }
            started += batch.size();
            if (batch.size() < room) {
                saturated = false;
                return started;
            }
        }
        return started;
    }

    private void send(Claimed c) {
        try {
            service.deliver(c);
        } catch (RuntimeException e) {
            // The claim's lease runs out and the row is tried again; nothing is lost.
            LOG.errorf(e, "delivery %d failed unexpectedly; it will be retried after its lease", c.id());
        } finally {
            inFlight.release();
            if (saturated) {
                wake();
            }
        }
    }

    /** Shutdown, first step (before the links are handed over): claim nothing more, let the sends under way go on. */
    void stopClaiming(@Observes @Priority(LinkOwnership.HANDOVER_PRIORITY - 100) ShutdownEvent ev) {
        stopping = true;
        wakeups.shutdownNow();
        senders.shutdown();
    }

    /**
     * Shutdown, after the handover: waits up to {@code drain-timeout} for the sends under way, so a delivery the
     * merchant already got is recorded as such here rather than sent again by another replica after its claim
     * lapsed. Interrupts what is left after that (it is retried after its claim, as after a crash).
     */
    void drain(@Observes @Priority(LinkOwnership.HANDOVER_PRIORITY + 100) ShutdownEvent ev) {
        int busy = Math.max(1, config.webhooks().maxInFlight()) - inFlight.availablePermits();
        try {
            if (!senders.awaitTermination(callbackConfig.shutdown().drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("webhook sends still under way after %s; they are retried after their claim lapses",
                        callbackConfig.shutdown().drainTimeout());
            } else if (busy > 0) {
                LOG.infof("finished %d webhook sends under way before shutting down", busy);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            senders.shutdownNow();
        }
    }
}
