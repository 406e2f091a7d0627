package io.gossamer.cdi;

import io.gossamer.InDatacenter;
import io.gossamer.InPool;
import io.gossamer.Member;
import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberState;
import io.gossamer.Membership;
import io.gossamer.MembershipEvent;
import io.gossamer.Pool;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Observer beans the tests deploy; one instance per container, so no static state. Tests hold
 * client proxies, so they read state through methods, never fields.
 */
final class Observers {

    private Observers() {
    }

    /**
     * Records every event synchronously, with the thread it came on, and checks on delivery that
     * the Membership of the event's pool already shows the event ([membership-agrees-with-events]).
     */
    @ApplicationScoped
    static class Recorder {
        final List<MembershipEvent> events = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final List<String> disagreements = new CopyOnWriteArrayList<>();

        @Inject
        @Any
        Instance<Membership> memberships;

        void on(@Observes MembershipEvent event) {
            threads.add(Thread.currentThread().getName());
            Membership membership = memberships.select(InPool.Literal.of(event.pool())).get();
            Optional<Member> shown = membership.member(event.member().name());
            if (shown.isEmpty() || !showsOrLater(shown.get(), event.member())) {
                disagreements.add(event + " delivered while Membership shows " + shown);
            }
            events.add(event);
        }

        List<MembershipEvent> events() {
            return List.copyOf(events);
        }

        List<String> threads() {
            return List.copyOf(threads);
        }

        List<String> disagreements() {
            return List.copyOf(disagreements);
        }

        List<MembershipEvent> about(String name) {
            List<MembershipEvent> out = new ArrayList<>();
            events.forEach(e -> {
                if (e.member().name().equals(name)) {
                    out.add(e);
                }
            });
            return out;
        }

        List<MembershipEvent> about(Pool pool, String name) {
            List<MembershipEvent> out = new ArrayList<>();
            events.forEach(e -> {
                if (e.pool() == pool && e.member().name().equals(name)) {
                    out.add(e);
                }
            });
            return out;
        }

        Optional<MembershipEvent> last(String name) {
            List<MembershipEvent> a = about(name);
            return a.isEmpty() ? Optional.empty() : Optional.of(a.get(a.size() - 1));
        }

        private static boolean showsOrLater(Member shown, Member event) {
            return shown.equals(event) || shown.incarnation() > event.incarnation()
                    || (shown.incarnation() == event.incarnation() && rank(shown.state()) > rank(event.state()));
        }

        private static int rank(MemberState s) {
            return s.ordinal();
        }
    }

    /** Records every event asynchronously. */
    @ApplicationScoped
    static class AsyncRecorder {
        final List<MembershipEvent> events = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        void on(@ObservesAsync MembershipEvent event) {
            threads.add(Thread.currentThread().getName());
            events.add(event);
        }

        List<MembershipEvent> events() {
            return List.copyOf(events);
        }

        List<String> threads() {
            return List.copyOf(threads);
        }
    }

    /** Narrowed by type and datacenter. */
    @ApplicationScoped
    static class DeathsInDc1 {
        final List<MemberDead> events = new CopyOnWriteArrayList<>();

        void on(@Observes @InDatacenter("dc1") MemberDead event) {
            events.add(event);
        }

        List<MemberDead> events() {
            return List.copyOf(events);
        }
    }

    /** Narrowed to a pool no event of a LAN node is in, and to another datacenter. */
    @ApplicationScoped
    static class ElsewhereOnly {
        final List<MembershipEvent> events = new CopyOnWriteArrayList<>();

        void wan(@Observes @InPool(Pool.WAN) MembershipEvent event) {
            events.add(event);
        }

        void otherDc(@Observes @InDatacenter("dc9") MembershipEvent event) {
            events.add(event);
        }

        List<MembershipEvent> events() {
            return List.copyOf(events);
        }
    }

    /** Joins of the LAN pool only. */
    @ApplicationScoped
    static class LanJoins {
        final List<MemberJoined> events = new CopyOnWriteArrayList<>();

        void on(@Observes @InPool(Pool.LAN) MemberJoined event) {
            events.add(event);
        }

        List<MemberJoined> events() {
            return List.copyOf(events);
        }
    }

    /** Throws on every event, and runs first. */
    @ApplicationScoped
    static class Thrower {
        final AtomicInteger calls = new AtomicInteger();

        void on(@Observes @Priority(1) MembershipEvent event) {
            calls.incrementAndGet();
            throw new IllegalStateException("observer failure on purpose");
        }

        int calls() {
            return calls.get();
        }
    }

    /** Throws on every event, asynchronously. */
    @ApplicationScoped
    static class AsyncThrower {
        final AtomicInteger calls = new AtomicInteger();

        void on(@ObservesAsync MembershipEvent event) {
            calls.incrementAndGet();
            throw new IllegalStateException("async observer failure on purpose");
        }

        int calls() {
            return calls.get();
        }
    }

    /**
     * Blocks on the first join of another member until the test releases it ({@link #release()}),
     * at most 30 s, so that a failing test cannot hang the event delivery for good.
     */
    @ApplicationScoped
    static class Sleeper {
        private final CountDownLatch released = new CountDownLatch(1);
        volatile boolean sleeping;
        volatile boolean done;

        @Inject
        Membership membership;

        void on(@Observes MemberJoined event) throws InterruptedException {
            if (done || event.member().name().equals(membership.localMember().name())) {
                return;
            }
            sleeping = true;
            released.await(30, TimeUnit.SECONDS);
            sleeping = false;
            done = true;
        }

        void release() {
            released.countDown();
        }

        boolean sleeping() {
            return sleeping;
        }

        boolean done() {
            return done;
        }
    }

    /** Events of the WAN pool only. */
    @ApplicationScoped
    static class WanRecorder {
        final List<MembershipEvent> events = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        void on(@Observes @InPool(Pool.WAN) MembershipEvent event) {
            threads.add(Thread.currentThread().getName());
            events.add(event);
        }

        List<MembershipEvent> events() {
            return List.copyOf(events);
        }

        List<String> threads() {
            return List.copyOf(threads);
        }

        Optional<MembershipEvent> last(String name) {
            MembershipEvent last = null;
            for (MembershipEvent e : events) {
                if (e.member().name().equals(name)) {
                    last = e;
                }
            }
            return Optional.ofNullable(last);
        }
    }

    /** Events of the LAN pool only. */
    @ApplicationScoped
    static class LanRecorder {
        final List<MembershipEvent> events = new CopyOnWriteArrayList<>();

        void on(@Observes @InPool(Pool.LAN) MembershipEvent event) {
            events.add(event);
        }

        List<MembershipEvent> events() {
            return List.copyOf(events);
        }
    }

    /** WAN events about members of dc2, asynchronously. */
    @ApplicationScoped
    static class AsyncWanDc2 {
        final List<MembershipEvent> events = new CopyOnWriteArrayList<>();

        void on(@ObservesAsync @InPool(Pool.WAN) @InDatacenter("dc2") MembershipEvent event) {
            events.add(event);
        }

        List<MembershipEvent> events() {
            return List.copyOf(events);
        }
    }
}
