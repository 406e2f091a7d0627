package io.gossamer.cdi;

import io.gossamer.Pool;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/** The {@link NodeAdmin} of a {@link GossamerNode}: {@code @Inject NodeAdmin}. */
final class GossamerNodeAdmin implements NodeAdmin {

    private final GossamerNode node;

    GossamerNodeAdmin(GossamerNode node) {
        this.node = Objects.requireNonNull(node, "node");
    }

    @Override
    public CompletionStage<Integer> join(Pool pool, List<String> seeds) {
        return node.join(Objects.requireNonNull(pool, "pool"), seeds);
    }

    @Override
    public CompletionStage<Void> setGuardEnabled(boolean enabled) {
        return node.setGuardEnabled(enabled);
    }

    @Override
    public PoolTraffic traffic(Pool pool) {
        return PoolTraffic.of(node.metrics(Objects.requireNonNull(pool, "pool")));
    }

    @Override
    public String toString() {
        return "NodeAdmin";
    }
}
