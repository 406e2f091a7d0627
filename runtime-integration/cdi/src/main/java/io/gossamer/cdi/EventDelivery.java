package io.gossamer.cdi;

import io.gossamer.ClusterEvent;
import io.gossamer.ClusterQuery;
import io.gossamer.EventName;
import io.gossamer.InDatacenter;
import io.gossamer.InPool;
import io.gossamer.LocalRefutation;
import io.gossamer.MemberLeft;
import io.gossamer.MembershipEvent;
import io.gossamer.swim.MembershipListener;
import io.gossamer.swim.SwimNode;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.EventContext;
import jakarta.enterprise.inject.spi.EventMetadata;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.enterprise.inject.spi.ObserverMethod;

import java.lang.System.Logger.Level;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns the engine's events into CDI events: membership events qualified with their pool and their
 * member's datacenter, cluster events and queries with their pool and their name, the local
 * member's refutations with their pool. It runs as a {@link MembershipListener}, so on the engine's own delivery thread
 * ({@code gossamer-events-<member name>}): one per engine, so one per pool of the node
 * ({@code gossamer-events-web-1} and, on a server, {@code gossamer-events-web-1.eu-1}), in the
 * order that pool recorded the transitions, never on the event loop. That thread is therefore the
 * ordered delivery thread; a second executor here would only add a hand-off.
 *
 * <p>Synchronous observers are notified one by one rather than through {@link Event#fire}, which
 * stops at the first observer that throws: each is resolved with
 * {@link BeanManager#resolveObserverMethods}, ordered by priority as {@code fire} would, and
 * called through {@link ObserverMethod#notify(EventContext)}, an exception being logged. The
 * event then goes to asynchronous observers through {@link Event#fireAsync}, which calls every
 * one of them whatever the others do. The engine hands an event on only after publishing the view
 * that shows it, so an observer reading {@link io.gossamer.Membership} sees the member in the
 * event's state or a later one ([membership-agrees-with-events]).
 */
final class EventDelivery implements MembershipListener {

    private static final System.Logger LOG = System.getLogger("io.gossamer.cdi");
    private static final long START_TIMEOUT_S = 60;

    private final BeanManager beanManager;
    private final Event<Object> events;
    private final Executor completions;
    private final CompletableFuture<SwimNode> started = new CompletableFuture<>();
    private final CompletableFuture<Void> localLeftDelivered = new CompletableFuture<>();
    private volatile boolean delivering = true;

    /** @param completions where the stages of {@link ClusterQuery#respond} complete, off the event loop */
    EventDelivery(BeanManager beanManager, Event<Object> events, Executor completions) {
        this.beanManager = beanManager;
        this.events = events;
        this.completions = completions;
    }

    /** The node is running: events (held until now) may go out. */
    void started(SwimNode node) {
        started.complete(node);
    }

    /** The node failed to start: its events are dropped. */
    void failed(Throwable cause) {
        started.completeExceptionally(cause);
    }

    /**
     * Completes once the local member's own LEFT event has been delivered, so that shutdown can
     * wait for observers to hear of the departure before delivery stops.
     */
    CompletableFuture<Void> localLeftDelivered() {
        return localLeftDelivered;
    }

    /** From now on events are dropped: the application is going away. */
    void stop() {
        delivering = false;
        started.cancel(false);
    }

    @Override
    public void onEvent(MembershipEvent event) {
        Optional<SwimNode> node = runningNode(event);
        if (node.isEmpty()) {
            return;
        }
        deliver(event, new Annotation[] {InPool.Literal.of(event.pool()),
            InDatacenter.Literal.of(event.member().datacenter())});
        if (event instanceof MemberLeft && event.member().name().equals(node.get().localMember().name())) {
            localLeftDelivered.complete(null);
        }
    }

    /** A cluster event goes out as membership events do, qualified with its pool and its name. */
    @Override
    public void onClusterEvent(ClusterEvent event) {
        if (runningNode(event).isPresent()) {
            deliver(event, new Annotation[] {InPool.Literal.of(event.pool()), EventName.Literal.of(event.name())});
        }
    }

    /** [events-local-refutation] A refutation goes out with its pool's qualifier, as cluster events do. */
    @Override
    public void onLocalRefutation(LocalRefutation refutation) {
        if (runningNode(refutation).isPresent()) {
            deliver(refutation, new Annotation[] {InPool.Literal.of(refutation.pool())});
        }
    }

    /** A query goes out as cluster events do; its answer's stage completes off the event loop. */
    @Override
    public void onClusterQuery(ClusterQuery query) {
        if (runningNode(query).isPresent()) {
            deliver(new OffLoopQuery(query, completions),
                    new Annotation[] {InPool.Literal.of(query.pool()), EventName.Literal.of(query.name())});
        }
    }

    /** The node, once it runs; empty (the event dropped) if it never will or the application is going away. */
    private Optional<SwimNode> runningNode(Object event) {
        SwimNode node;
        try {
            // Held until the node is up, so that an observer of the local join can use Membership.
            node = started.get(START_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            LOG.log(Level.DEBUG, () -> "dropped (node not running): " + event);
            return Optional.empty();
        }
        if (!delivering) {
            LOG.log(Level.DEBUG, () -> "dropped (shutting down): " + event);
            return Optional.empty();
        }
        return Optional.of(node);
    }

    private void deliver(Object event, Annotation[] qualifiers) {
        Set<ObserverMethod<? super Object>> resolved;
        try {
            resolved = beanManager.resolveObserverMethods(event, qualifiers);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot resolve observers of " + event, e);
            return;
        }
        List<ObserverMethod<? super Object>> sync = new ArrayList<>();
        boolean anyAsync = false;
        for (ObserverMethod<? super Object> m : resolved) {
            if (m.isAsync()) {
                anyAsync = true;
            } else {
                sync.add(m);
            }
        }
        // Stable sort: equal priorities keep the container's order, as fire() does.
        sync.sort(Comparator.comparingInt(ObserverMethod::getPriority));
        EventContext<Object> context = new Notification(event, qualifiers);
        for (ObserverMethod<? super Object> m : sync) {
            notify(m, context, event);
        }
        if (anyAsync) {
            fireAsync(event, qualifiers);
        }
    }

    @SuppressWarnings("unchecked")
    private static void notify(ObserverMethod<? super Object> method, EventContext<Object> context, Object event) {
        try {
            ((ObserverMethod<Object>) method).notify(context);
        } catch (RuntimeException | LinkageError e) {
            // [events-observer-isolation]: the others and later events still get delivered.
            LOG.log(Level.WARNING, "observer " + method.getBeanClass().getName() + " ("
                    + method.getObservedType().getTypeName() + ") failed on " + event, e);
        }
    }

    private void fireAsync(Object event, Annotation[] qualifiers) {
        try {
            events.select(qualifiers).fireAsync(event).whenComplete((e, failure) -> {
                if (failure != null) {
                    // Every failed observer's exception is attached as suppressed.
                    List<Throwable> causes = new ArrayList<>(List.of(failure.getSuppressed()));
                    if (causes.isEmpty()) {
                        causes.add(failure);
                    }
                    causes.forEach(c -> LOG.log(Level.WARNING, "asynchronous observer failed on " + event, c));
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot fire " + event + " to asynchronous observers", e);
        }
    }

    /** What an observer receives. */
    private record Notification(Object event, Annotation[] qualifiers)
            implements EventContext<Object>, EventMetadata {

        @Override
        public Object getEvent() {
            return event;
        }

        @Override
        public EventMetadata getMetadata() {
            return this;
        }

        @Override
        public Set<Annotation> getQualifiers() {
            return Set.of(qualifiers[0], qualifiers[1], Any.Literal.INSTANCE);
        }

        @Override
        public InjectionPoint getInjectionPoint() {
            return null;
        }

        @Override
        public Type getType() {
            return event.getClass();
        }
    }
}
