package io.gossamer.cdi;

import io.gossamer.GossamerConfig;
import io.gossamer.Membership;
import io.gossamer.Pool;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What an operator does to a running node beyond {@link Membership}: join through more seeds now,
 * switch the cluster-mixing guard, read a pool's traffic. The standalone agent's {@code join},
 * {@code guard} and {@code stats} commands are these calls; an application can offer the same, on
 * an admin endpoint for example, through {@code @Inject NodeAdmin}.
 *
 * <p>Each method throws {@link IllegalStateException} when the node does not run (disabled, not
 * started yet, stopped) or, for {@link Pool#WAN}, is not a server. Stages complete on a thread of
 * the node's, never on its event loop.
 */
public interface NodeAdmin {

    /**
     * Joins {@code pool} through {@code seeds} now, as {@code serf join} does, besides the
     * configured seeds' background joining. Completes with the number of seeds that answered;
     * fails when none answered in three attempts (a second, then two seconds apart), at once with
     * {@link io.gossamer.JoinRefusedException} when one refused.
     *
     * @param seeds {@code host:port} addresses, as in {@value GossamerConfig#SEEDS}
     */
    CompletionStage<Integer> join(Pool pool, List<String> seeds);

    /**
     * Switches the cluster-mixing guard of every pool of this node, overriding
     * {@value GossamerConfig#GUARD_ENABLED} until the application restarts: turning it on sheds
     * the members of other datacenters at once (the online untangling procedure, no restart
     * needed). Completes once every pool has switched.
     */
    CompletionStage<Void> setGuardEnabled(boolean enabled);

    /** The traffic of {@code pool} since its engine started, read without waiting. */
    PoolTraffic traffic(Pool pool);
}
