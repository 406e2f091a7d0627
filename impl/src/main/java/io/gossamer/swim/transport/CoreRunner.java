package io.gossamer.swim.transport;

import io.gossamer.Coordinate;
import io.gossamer.LocalRefutation;
import io.gossamer.Member;
import io.gossamer.swim.metrics.EventMetrics;
import io.gossamer.swim.metrics.GuardMetrics;
import io.gossamer.swim.metrics.ProtocolMetrics;
import io.gossamer.swim.metrics.QueryMetrics;
import io.gossamer.swim.core.MemberChange;
import io.gossamer.swim.core.ProtocolCounters;
import io.gossamer.swim.core.SwimCore;
import io.gossamer.swim.wire.Message.Query;
import io.gossamer.swim.wire.Message.UserEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs the core on the node's context, which is what lets the core go without locks. After each
 * core call it publishes the {@link SwimDriver.View} for readers on other threads, then hands on
 * the membership changes the call made, then re-arms the single timer at the core's next
 * deadline. A core exception is counted and logged, never thrown into the event loop.
 */
final class CoreRunner {

    private static final System.Logger LOG = System.getLogger("io.gossamer.swim.transport");
    private static final long ORIGIN = System.nanoTime();

    /** Monotonic milliseconds for the core; shared origin so logs of several nodes line up. */
    static long now() {
        return (System.nanoTime() - ORIGIN) / 1_000_000L;
    }

    private final Vertx vertx;
    private final Context context;
    private final TransportCounters counters;
    private final CoreReports reports;

    // Everything below is confined to the context.
    private SwimCore core;
    /** The core's counters, for readers on other threads. */
    private volatile ProtocolCounters protocolCounters;
    private boolean closed;
    private boolean membersDirty = true;
    /** {@link SwimCore#silentViewChanges()} when the view was last published. */
    private long silentViewChanges;
    /**
     * Changes and events of the current core call, handed on only once the view that shows them is
     * published, in the order the core reported them.
     */
    private final List<Runnable> pending = new ArrayList<>();
    private long timerId = -1;
    private long timerAt = Long.MAX_VALUE;
    private long guardMetricsVersion = -1;

    private volatile SwimDriver.View view;
    private volatile GuardMetrics guardMetrics;
    private long coordinatesVersion = -1;
    private volatile Map<String, Coordinate> coordinates = Map.of();
    private long applicationMetricsVersion = -1;
    private volatile EventMetrics eventMetrics;
    private volatile QueryMetrics queryMetrics;

    /**
     * @param reports receives what the core reports for the application, on the context
     */
    CoreRunner(Vertx vertx, Context context, TransportCounters counters, CoreReports reports) {
        this.vertx = vertx;
        this.context = context;
        this.counters = counters;
        this.reports = reports;
    }

    /**
     * Starts {@code core}: the local member becomes alive and the first view is published.
     *
     * @throws IllegalStateException if the core failed to start
     */
    void start(SwimCore core) {
        this.core = core;
        this.protocolCounters = core.protocolCounters();
        // The wall clock makes a restart's instance later than the one before it (see InstanceOrder).
        call(c -> c.start(now(), System.currentTimeMillis()));
        if (view == null) {
            throw new IllegalStateException("the core failed to start (see the log)");
        }
    }

    /** Whether the core takes input: started and not closed. */
    boolean running() {
        return !closed && core != null;
    }

    boolean closed() {
        return closed;
    }

    /** Stops calling the core and cancels its timer; for good. */
    void close() {
        closed = true;
        cancelTimer();
    }

    /** The latest published view; safe from any thread. */
    SwimDriver.View view() {
        return view;
    }

    /** The network coordinates known, by member name, as last published; safe from any thread. */
    Map<String, Coordinate> coordinates() {
        return coordinates;
    }

    /** What became of cluster events, as last published, or null before the start; safe from any thread. */
    EventMetrics eventMetrics() {
        return eventMetrics;
    }

    /** What became of queries, as last published, or null before the start; safe from any thread. */
    QueryMetrics queryMetrics() {
        return queryMetrics;
    }

    /** What the protocol did; safe from any thread (the counters are). */
    ProtocolMetrics protocolMetrics() {
        return protocolCounters.snapshot();
    }

    /** The guard's latest counters, or null before the core published any; safe from any thread. */
    GuardMetrics guardMetrics() {
        return guardMetrics;
    }

    /** The guard's say on a foreign label: let in or refused; refused before the core started. */
    boolean acceptsLabel(String label) {
        return core != null && core.acceptsLabel(label);
    }

    /** Runs {@code action} on the context (at once if already there); fails if the event loop is gone. */
    <T> Future<T> onContext(Supplier<Future<T>> action) {
        if (Vertx.currentContext() == context) {
            return action.get();
        }
        Promise<T> promise = Promise.promise();
        // Not onComplete(promise): that overload is Vert.x 5's only, and this class also runs on 4.5.
        if (!defer(() -> action.get().onComplete(result -> promise.handle(result)))) {
            promise.fail(new IllegalStateException("node closed"));
        }
        return promise.future();
    }

    /**
     * Runs {@code task} on the context on a later turn. Returns false if the event loop is gone
     * (the Vert.x instance was closed), which is only possible while shutting down.
     */
    boolean defer(Runnable task) {
        try {
            context.runOnContext(v -> task.run());
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Runs a core call, then publishes; nothing once closed. */
    void call(Consumer<SwimCore> coreCall) {
        if (!running()) {
            return;
        }
        try {
            coreCall.accept(core);
        } catch (RuntimeException e) {
            counters.internalError(e);
        }
        afterCall();
    }

    /** {@link #call} for a core method with a result; {@code fallback} if it threw, returned null or is closed. */
    <T> T callFor(Function<SwimCore, T> coreCall, T fallback) {
        if (!running()) {
            return fallback;
        }
        T result = fallback;
        try {
            result = coreCall.apply(core);
        } catch (RuntimeException e) {
            counters.internalError(e);
        }
        afterCall();
        return result == null ? fallback : result;
    }

    /**
     * Runs a command's core call without publishing (the caller does, with {@link #afterCall}).
     * Returns the core's refusal (a bad argument, a wrong state) or a failure, null if it went through.
     */
    RuntimeException attempt(Consumer<SwimCore> coreCall) {
        try {
            coreCall.accept(core);
            return null;
        } catch (IllegalArgumentException | IllegalStateException e) {
            return e;
        } catch (RuntimeException e) {
            counters.internalError(e);
            return e;
        }
    }

    /** The member list changed outside the core's reports (a command): rebuild it for the next view. */
    void membersChanged() {
        membersDirty = true;
    }

    /** A change reported by the core during a call; handed on after that call's view is published. */
    void memberChanged(MemberChange change) {
        membersDirty = true;
        // Stamped now, not when handed on: a merge of many members is one call, and its last
        // change would otherwise seem to happen when the call ends.
        Instant at = Instant.now();
        pending.add(() -> reports.changed(change, at));
    }

    /** A cluster event the core delivered during a call; handed on with the call's changes. */
    void eventDelivered(UserEvent event) {
        Instant at = Instant.now();
        pending.add(() -> reports.delivered(event, at));
    }

    /** A query the core delivered during a call; handed on with the call's changes. */
    void queryDelivered(Query query) {
        Instant at = Instant.now();
        pending.add(() -> reports.queried(query, at));
    }

    /** A refutation of the local member's during a call; handed on with the call's changes. */
    void refuted(Member self, LocalRefutation.Claim claimed, Optional<String> accuser) {
        Instant at = Instant.now();
        pending.add(() -> reports.refuted(self, claimed, accuser, at));
    }

    /**
     * Runs {@code step} when the changes of the current call are handed on, in its place among
     * them: for what the core reported that a command started in the same call waits for.
     */
    void handOn(Runnable step) {
        pending.add(step);
    }

    /** Publishes the view, hands on the call's changes, re-arms the timer. */
    void afterCall() {
        if (!running()) {
            return;
        }
        try {
            Member local = core.localMember();
            // A member can leave the view with no change reported (a prune heard from a peer, a
            // reaped tombstone): without this, members() would show it until the next change.
            long silent = core.silentViewChanges();
            List<Member> members = membersDirty || view == null || silent != silentViewChanges
                    ? core.members(view == null ? List.of() : view.members()) : view.members();
            membersDirty = false;
            silentViewChanges = silent;
            view = new SwimDriver.View(local, members, core.localHealth(), core.locallyDamped(), core.nameHolder());
            long version = core.guardMetricsVersion();
            if (version != guardMetricsVersion) {
                guardMetricsVersion = version;
                guardMetrics = core.guardMetrics();
            }
            long application = core.applicationMetricsVersion();
            if (application != applicationMetricsVersion || eventMetrics == null) {
                applicationMetricsVersion = application;
                eventMetrics = core.eventMetrics();
                queryMetrics = core.queryMetrics();
            }
            long coordinates = core.coordinatesVersion();
            if (coordinates != coordinatesVersion) {
                coordinatesVersion = coordinates;
                this.coordinates = Map.copyOf(core.coordinates());
            }
        } catch (RuntimeException e) {
            counters.internalError(e);
        }
        publishChanges();
        reschedule();
    }

    /**
     * Hands on the changes and events of the last core call. After the view is published, so that
     * a listener reading {@code members()} in reaction to a change always sees it.
     */
    private void publishChanges() {
        for (Runnable r : pending) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "membership change sink failed", e);
            }
        }
        pending.clear();
    }

    /** One timer at the core's next deadline; replaced only when the core wants an earlier one. */
    private void reschedule() {
        long deadline;
        try {
            deadline = core.nextDeadline();
        } catch (RuntimeException e) {
            counters.internalError(e);
            deadline = now() + 1_000;
        }
        if (deadline == Long.MAX_VALUE) {
            cancelTimer();
            return;
        }
        if (timerId != -1 && timerAt <= deadline) {
            return;
        }
        cancelTimer();
        timerAt = deadline;
        timerId = vertx.setTimer(Math.max(1, deadline - now()), id -> {
            if (id != timerId) {
                return;
            }
            timerId = -1;
            timerAt = Long.MAX_VALUE;
            call(c -> c.handleTimers(now()));
        });
    }

    private void cancelTimer() {
        if (timerId != -1) {
            vertx.cancelTimer(timerId);
            timerId = -1;
            timerAt = Long.MAX_VALUE;
        }
    }
}
