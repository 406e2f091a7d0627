package io.gossamer.cdi;

import io.gossamer.Member;
import io.gossamer.MemberState;
import io.gossamer.Pool;
import io.gossamer.swim.SwimNode;

import java.util.List;
import java.util.Optional;

/**
 * One pool's engine in {@link GossamerEngines}: the running {@link SwimNode}, its seeds and how
 * joining them goes. A client has one (LAN), a server two (LAN and WAN); they share the node's
 * Vert.x and its lifecycle, nothing else, so each pool's events keep their own order on their own
 * delivery thread.
 */
final class PoolEngine {

    final Pool pool;
    final SwimNode node;
    final List<String> seeds;
    /** Whether the first join attempt has finished; true at once without seeds. */
    volatile boolean firstJoinDone;
    /** Whether a join attempt succeeded. */
    volatile boolean joinSucceeded;
    /** Whether this pool was left (by {@code Membership.leave()} or at shutdown). */
    volatile boolean left;
    /** How the last join attempt failed; null before any failure and once joined. */
    volatile JoinFailure lastJoinFailure;
    /** Which refusals of this pool's join are worth a warning. */
    final JoinWarnings joinWarnings = new JoinWarnings(System::nanoTime);

    PoolEngine(Pool pool, SwimNode node, List<String> seeds) {
        this.pool = pool;
        this.node = node;
        this.seeds = List.copyOf(seeds);
        this.firstJoinDone = seeds.isEmpty();
    }

    /**
     * Whether the node is part of this pool: a join succeeded, a peer joined it, or there are no
     * seeds to join.
     */
    boolean joined(List<Member> members) {
        return joinSucceeded || seeds.isEmpty() || aliveCount(members) > 1;
    }

    /** How the last join attempt failed, while this pool is not joined. */
    Optional<JoinFailure> joinFailure(List<Member> members) {
        return joined(members) ? Optional.empty() : Optional.ofNullable(lastJoinFailure);
    }

    static long aliveCount(List<Member> members) {
        return members.stream().filter(m -> m.state() == MemberState.ALIVE).count();
    }
}
