package io.gossamer.tck.deployment;

import io.gossamer.InPool;
import io.gossamer.LocalRefutation;
import io.gossamer.Pool;
import io.gossamer.tck.support.RefutationLog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Records the deployment's refutations of news about itself: all of them, and the LAN pool's. */
@ApplicationScoped
public class RefutationObserver {

    private final RefutationLog all = new RefutationLog("observer of every LocalRefutation");
    private final RefutationLog lan = new RefutationLog("observer of @InPool(LAN) LocalRefutation");

    void onEvery(@Observes LocalRefutation refutation) {
        all.record(refutation);
    }

    void onLan(@Observes @InPool(Pool.LAN) LocalRefutation refutation) {
        lan.record(refutation);
    }

    public RefutationLog all() {
        return all;
    }

    public RefutationLog lan() {
        return lan;
    }
}
