package io.gossamer.swim;

import io.gossamer.ClusterEvent;
import io.gossamer.LocalRefutation;
import io.gossamer.Member;
import io.gossamer.MemberAlive;
import io.gossamer.MemberDamped;
import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MemberSuspected;
import io.gossamer.MemberUpdated;
import io.gossamer.MembershipEvent;
import io.gossamer.Pool;
import io.gossamer.swim.core.MemberChange;
import io.gossamer.swim.metrics.MeasurementListener;
import io.gossamer.swim.transport.CoreReports;
import io.gossamer.swim.wire.Message.Query;
import io.gossamer.swim.wire.Message.UserEvent;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Turns the core's changes, stamped when the core reported them, into events on the event loop and
 * delivers them in order on one thread of its own (so listeners never run on the event loop). Each
 * change is logged there too, as memberlist does: at INFO, and a refutation of the local member at
 * WARNING ({@link MembershipLog}).
 */
final class EventDispatcher implements CoreReports {

    private static final System.Logger LOG = System.getLogger("io.gossamer.swim");

    private final Pool pool;
    private final List<MembershipListener> listeners;
    private final DeliveredQuery.Responder responder;
    private final ExecutorService executor;
    private final MembershipLog log;
    private final MeasurementListener measurements;
    /** Touched on the delivery thread only. */
    private boolean measurementFailed;

    EventDispatcher(String nodeName, Pool pool, List<MembershipListener> initial, MeasurementListener measurements,
                    DeliveredQuery.Responder responder) {
        this.pool = pool;
        this.measurements = measurements;
        this.log = new MembershipLog(nodeName, pool);
        this.listeners = List.copyOf(initial);
        this.responder = responder;
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        // Unbounded queue: dropping membership events would be worse than memory held by a stuck listener.
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "gossamer-events-" + nodeName);
            t.setDaemon(true);
            t.setContextClassLoader(tccl);
            return t;
        });
    }

    /** Called on the event loop: never blocks. {@code at} is when the core reported the change. */
    @Override
    public void changed(MemberChange change, Instant at) {
        MembershipEvent event = toEvent(change, pool, at);
        run(() -> {
            log.changed(event);
            deliver(event);
            measured(event.at());
        });
    }

    /** Called on the event loop: never blocks. {@code at} is when the core refuted. */
    @Override
    public void refuted(Member self, LocalRefutation.Claim claimed, Optional<String> accuser, Instant at) {
        LocalRefutation refutation = new LocalRefutation(self, claimed, accuser, pool, at);
        run(() -> {
            log.refuted(refutation);
            each(refutation, l -> l.onLocalRefutation(refutation));
        });
    }

    /** Called on the event loop: never blocks. {@code at} is when the core delivered the event. */
    @Override
    public void delivered(UserEvent event, Instant at) {
        ClusterEvent delivered = toClusterEvent(event, pool, at);
        run(() -> each(delivered, l -> l.onClusterEvent(delivered)));
    }

    /** Called on the event loop: never blocks. {@code at} is when the core delivered the query. */
    @Override
    public void queried(Query query, Instant at) {
        DeliveredQuery delivered = new DeliveredQuery(query, pool, at, responder);
        run(() -> each(delivered, l -> l.onClusterQuery(delivered)));
    }

    /** Runs {@code task} on the delivery thread, after what is queued there; nothing once closing. */
    void run(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // The node is closing.
        }
    }

    static ClusterEvent toClusterEvent(UserEvent e, Pool pool, Instant at) {
        return new ClusterEvent(e.name(), e.payload(), e.origin(), e.ltime(), e.coalesce(), pool, at);
    }

    /** How long after the change its delivery ended. */
    private void measured(Instant at) {
        long delay = Math.max(0, Duration.between(at, Instant.now()).toNanos());
        try {
            measurements.eventDelivered(delay);
        } catch (RuntimeException e) {
            if (!measurementFailed) {
                measurementFailed = true;
                LOG.log(Level.WARNING, "the measurement listener " + measurements + " failed (logged once)", e);
            }
        }
    }

    private void deliver(MembershipEvent event) {
        each(event, l -> l.onEvent(event));
    }

    /** Hands {@code what} to every listener; one that throws is logged and the others still get it. */
    private void each(Object what, Consumer<MembershipListener> call) {
        for (MembershipListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "membership listener " + l + " failed on " + what, e);
            }
        }
    }

    /** Lets queued events drain on the delivery thread, then ends it. */
    void shutdown() {
        executor.shutdown();
    }

    static MembershipEvent toEvent(MemberChange c, Pool pool, Instant at) {
        return switch (c.kind()) {
            case JOINED -> new MemberJoined(c.member(), c.previous(), pool, at);
            case SUSPECTED -> new MemberSuspected(c.member(), c.previous(), pool, at);
            case ALIVE -> new MemberAlive(c.member(), c.previous(), pool, at);
            case DEAD -> new MemberDead(c.member(), c.previous(), pool, at);
            case LEFT -> new MemberLeft(c.member(), c.previous(), pool, at,
                    c.leftReason().orElse(MemberLeft.Reason.LEFT));
            case UPDATED -> new MemberUpdated(c.member(), c.previous(), c.before().orElseThrow(), pool, at);
            case DAMPED -> new MemberDamped(c.member(), c.previous(), pool, at);
        };
    }
}
