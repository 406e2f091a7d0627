package io.gossamer.tck.deployment;

import io.gossamer.GossamerConfig;
import io.gossamer.MemberJoined;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.EventLog;
import io.gossamer.tck.support.TckTiming;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;

/**
 * A synchronous observer that takes {@link #BLOCK} over each peer's join, as a careless
 * application might (a slow database call); records the join once it is done.
 */
@ApplicationScoped
public class SlowObserver {

    /**
     * With {@link TckTiming#standard()}: a node whose protocol stalled this long would miss
     * several probes and stay silent past the minimum suspicion timeout of a two-node pool.
     */
    public static final Duration BLOCK = TckTiming.standard().suspicionMin(2)
            .plus(TckTiming.standard().duration(GossamerConfig.PROBE_INTERVAL).multipliedBy(4));

    private final EventLog done = new EventLog("slow observer, after blocking");

    void on(@Observes MemberJoined event) throws InterruptedException {
        if (!event.member().name().equals(Deployments.NODE_NAME)) {
            // The deliberate slowness under test, not a wait for anything.
            Thread.sleep(BLOCK.toMillis());
            done.record(event);
        }
    }

    public EventLog done() {
        return done;
    }
}
