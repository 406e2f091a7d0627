package io.gossamer.tck.support;

import io.gossamer.JoinRefusedException;
import io.gossamer.Member;
import io.gossamer.MembershipEvent;
import io.gossamer.Pool;
import io.gossamer.RefusalReason;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Checks of the cluster-mixing guard's refusals. */
public final class Refusals {

    private Refusals() {
    }

    /** Waits for {@code join} to fail and checks it failed with {@link JoinRefusedException} for {@code reason}. */
    public static JoinRefusedException assertRefused(CompletionStage<Void> join, RefusalReason reason,
                                                     Duration timeout, String what) {
        Throwable failure = Futures.awaitFailure(join, timeout, what);
        assertTrue(failure instanceof JoinRefusedException, what + " failed with " + failure
                + ", not a JoinRefusedException");
        JoinRefusedException refused = (JoinRefusedException) failure;
        assertEquals(reason, refused.reason(), what + ": " + refused.getMessage());
        return refused;
    }

    /** Checks that {@code log} holds nothing about any member whose name starts with {@code prefix}. */
    public static void assertNothingAbout(EventLog log, String prefix) {
        List<MembershipEvent> about = log.events().stream().filter(e -> e.member().name().startsWith(prefix)).toList();
        assertEquals(List.of(), about, log + "\nrecorded " + prefix);
    }

    /** The names in a peer's view of {@code pool}. */
    public static List<String> names(TckPeer peer, Pool pool) {
        return peer.peer().members(pool).stream().map(Member::name).toList();
    }

    /**
     * Watches {@code log} for {@code period} and fails as soon as it holds an event {@code unwanted}
     * matches (one already there included): the wait for something that must not happen within a
     * bound the settings give. It ends early only by failing.
     */
    public static void assertNoneDuring(EventLog log, Predicate<MembershipEvent> unwanted, Duration period,
                                        String what) {
        long deadline = System.nanoTime() + period.toNanos();
        // EventLog notifies its own monitor at every event it records.
        synchronized (log) {
            while (true) {
                List<MembershipEvent> seen = log.events().stream().filter(unwanted).toList();
                if (!seen.isEmpty()) {
                    fail(log + "\nrecorded " + what + ":\n" + EventLog.describe(seen));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    log.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail("interrupted while watching for " + what);
                }
            }
        }
    }
}
