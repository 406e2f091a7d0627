package io.gossamer.tck.support;

import io.gossamer.JoinRefusedException;
import io.gossamer.Member;
import io.gossamer.MembershipEvent;
import io.gossamer.Pool;
import io.gossamer.RefusalReason;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
