package io.gossamer.swim.core;

import io.gossamer.swim.config.SwimConfig;

import java.util.ArrayDeque;
import java.util.random.RandomGenerator;

/**
 * Many deaths at once (a partition, a rack lost) flood every dissemination queue, and a few
 * members miss a few deaths: epidemic residue, which the periodic push-pull (minutes apart in a
 * large cluster) mops up too late. One extra push-pull per node, once the wave has passed, lets
 * such stragglers catch up within seconds; a single crash does not trigger it.
 */
final class MassFailureSync {

    /** A mass failure is at least this many deaths (or 1/32 of the cluster) within the window. */
    private static final int MIN_DEATHS = 3;
    private static final long WINDOW_MS = 30_000;

    private final SwimConfig config;
    private final MemberTable table;
    private final Timers timers;
    private final RandomGenerator random;
    private final AntiEntropy antiEntropy;
    private final long probeIntervalMs;
    private final long pushPullIntervalMs;
    /** Times of recent deaths (not leaves). */
    private final ArrayDeque<Long> recentDeaths = new ArrayDeque<>();
    private long lastSync = Long.MIN_VALUE;

    MassFailureSync(SwimConfig config, MemberTable table, Timers timers, RandomGenerator random,
                    AntiEntropy antiEntropy) {
        this.config = config;
        this.table = table;
        this.timers = timers;
        this.random = random;
        this.antiEntropy = antiEntropy;
        this.probeIntervalMs = config.probeInterval().toMillis();
        this.pushPullIntervalMs = config.pushPullInterval().toMillis();
    }

    /** A member was declared dead: schedules the extra push-pull if this makes a wave. */
    void noteDeath(long now) {
        recentDeaths.addLast(now);
        while (!recentDeaths.isEmpty() && now - recentDeaths.peekFirst() > WINDOW_MS) {
            recentDeaths.pollFirst();
        }
        int threshold = Math.max(MIN_DEATHS, table.liveCount() / 32);
        if (recentDeaths.size() < threshold || pushPullIntervalMs == 0
                || (lastSync != Long.MIN_VALUE && now - lastSync < pushPullIntervalMs)) {
            return;
        }
        lastSync = now;
        long afterWave = Suspicion.minTimeout(config.suspicionMult(), table.liveCount(), probeIntervalMs)
                + Timers.stagger(random, probeIntervalMs);
        timers.schedule(now + afterWave, t -> antiEntropy.syncWithRandomPeer());
    }
}
