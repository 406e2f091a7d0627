package io.gossamer.swim.core;

import io.gossamer.swim.config.SwimConfig;

import java.util.ArrayDeque;
import java.util.random.RandomGenerator;

/**
 * One extra push-pull after a wave of changes that gossip alone leaves unfinished.
 *
 * <p>Many deaths at once (a partition, a rack lost) flood every dissemination queue, and a few
 * members miss a few deaths: epidemic residue, which the periodic push-pull (minutes apart in a
 * large cluster) mops up too late. The extra push-pull, once the wave has passed, lets such
 * stragglers catch up within seconds.
 *
 * <p>Many members held DEAD coming back at once is a partition healing. Each side then holds
 * members of the other DEAD at the incarnation they had, and a DEAD beats an ALIVE at the same
 * incarnation: a member that nobody happens to suspect after the heal never refutes, and stays
 * DEAD in the other side's views until a push-pull carries that view to someone who suspects it
 * (seen: one pair for 58 s after a 90/10 split). The extra push-pull, one probe interval after the
 * wave, does that at once: our stale DEADs become the peer's suspicions, which their members
 * refute.
 *
 * <p>A single crash or a single return triggers nothing.
 */
final class WaveSync {

    /** A wave is at least this many changes (or 1/32 of the cluster) within the window. */
    private static final int MIN_CHANGES = 3;
    private static final long WINDOW_MS = 30_000;

    private final SwimConfig config;
    private final MemberTable table;
    private final Timers timers;
    private final RandomGenerator random;
    private final AntiEntropy antiEntropy;
    private final long probeIntervalMs;
    private final long pushPullIntervalMs;
    private final Wave deaths = new Wave();
    private final Wave revivals = new Wave();

    WaveSync(SwimConfig config, MemberTable table, Timers timers, RandomGenerator random, AntiEntropy antiEntropy) {
        this.config = config;
        this.table = table;
        this.timers = timers;
        this.random = random;
        this.antiEntropy = antiEntropy;
        this.probeIntervalMs = config.probeInterval().toMillis();
        this.pushPullIntervalMs = config.pushPullInterval().toMillis();
    }

    /** A member was declared dead: schedules the extra push-pull after the wave, if this makes one. */
    void noteDeath(long now) {
        if (deaths.add(now)) {
            // After the minimum suspicion timeout, when the wave's deaths have been declared.
            long afterWave = Suspicion.minTimeout(config.suspicionMult(), table.liveCount(), probeIntervalMs)
                    + Timers.stagger(random, probeIntervalMs);
            timers.schedule(now + afterWave, t -> antiEntropy.syncWithRandomPeer());
        }
    }

    /** A member held DEAD refuted: schedules the extra push-pull after the heal, if this makes a wave. */
    void noteRevival(long now) {
        if (revivals.add(now)) {
            timers.schedule(now + probeIntervalMs + Timers.stagger(random, probeIntervalMs),
                    t -> antiEntropy.syncWithRandomPeer());
        }
    }

    /** Recent changes of one kind; a wave at most once per push-pull interval. */
    private final class Wave {
        private final ArrayDeque<Long> times = new ArrayDeque<>();
        private long lastSync = Long.MIN_VALUE;

        /** Records a change at {@code now}; true if it completes a wave that calls for a sync. */
        boolean add(long now) {
            times.addLast(now);
            while (!times.isEmpty() && now - times.peekFirst() > WINDOW_MS) {
                times.pollFirst();
            }
            int threshold = Math.max(MIN_CHANGES, table.liveCount() / 32);
            if (times.size() < threshold || pushPullIntervalMs == 0
                    || (lastSync != Long.MIN_VALUE && now - lastSync < pushPullIntervalMs)) {
                return false;
            }
            lastSync = now;
            return true;
        }
    }
}
