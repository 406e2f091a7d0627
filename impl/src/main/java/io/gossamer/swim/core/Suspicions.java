package io.gossamer.swim.core;

import io.gossamer.MemberState;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.wire.Message.Dead;
import io.gossamer.swim.wire.Message.Ping;
import io.gossamer.swim.wire.Message.Suspect;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The suspicions in progress, one per suspect, each with the timer that will declare the suspect
 * dead: Lifeguard's dynamic timeout ({@link Suspicion}), shortened as independent members confirm.
 * Before the verdict the suspect is asked directly, so that a refutation lost to gossip's residue
 * still reaches us: a last look one probe timeout before the deadline, and a final check after it
 * when too few members accused it. A suspect whose host refused our TCP probe is gone, not silent,
 * and one whose host did not connect at all is down or cut off: their suspicions end after the
 * refused- or unreachable-suspicion timeout, without the final check.
 */
final class Suspicions {

    private static final System.Logger LOG = System.getLogger(SwimCore.class.getName());

    /** Declares a suspect dead once its suspicion has run out unrefuted. */
    @FunctionalInterface
    interface Verdict {
        void dead(long now, Dead news);
    }

    private final SwimConfig config;
    private final MemberTable table;
    private final Timers timers;
    private final LocalHealth health;
    private final Dissemination dissemination;
    private final PingSequence pings;
    private final Verdict verdict;
    private final long probeIntervalMs;
    private final long probeTimeoutMs;
    /** Whether unreachable evidence can end a suspicion, once a second member confirms it. */
    private final boolean unreachableEvidence;
    private final Map<String, Pending> pending = new HashMap<>();

    Suspicions(SwimConfig config, MemberTable table, Timers timers, LocalHealth health, Dissemination dissemination,
               PingSequence pings, Verdict verdict) {
        this.config = config;
        this.table = table;
        this.timers = timers;
        this.health = health;
        this.dissemination = dissemination;
        this.pings = pings;
        this.verdict = verdict;
        this.probeIntervalMs = config.probeInterval().toMillis();
        this.probeTimeoutMs = config.probeTimeout().toMillis();
        this.unreachableEvidence = !config.unreachableSuspicionTimeout().isZero() && !config.disableTcpPings();
    }

    /** Whether a suspicion of {@code name} is in progress. */
    boolean contains(String name) {
        return pending.containsKey(name);
    }

    /**
     * A further accusation of a suspect: true when it is an independent confirmation, which
     * shortens the timer here and which the caller re-gossips so every accuser shortens its own.
     */
    boolean confirm(long now, Suspect s) {
        Pending p = pending.get(s.name());
        if (s.incarnation() != p.suspicion.incarnation()) {
            return false;
        }
        boolean counted = p.suspicion.confirm(s.from());
        boolean firstWitness = !p.confirmedByAnother && !s.from().equals(p.accuser);
        p.confirmedByAnother |= firstWitness;
        if (counted) {
            p.reschedule(now);
        }
        if (firstWitness && unreachableEvidence && s.from().equals(table.self().name)) {
            tellAccuser(p, s);
        }
        return counted;
    }

    /**
     * Our own accusation confirms another member's suspicion: its accuser may hold unreachable
     * evidence that ends the suspicion only once a second member confirms ({@link #unreachable}).
     * Where Lifeguard counts no confirmations (fewer live members than suspicion-mult) gossip does
     * not carry ours, so the accuser is told directly, once, in a datagram of its own: queued news
     * riding along would spend transmissions on a member chosen for its role, not at random. Lost,
     * the suspicion takes Lifeguard's time. In the simulator at 5 members, a silent host was dead
     * everywhere 2.4 s after its failure instead of 2.8 s (medians of 10 seeds): the first
     * accuser's shortened timeout held, where before a later accuser's decided.
     */
    private void tellAccuser(Pending p, Suspect s) {
        NodeState accuser = table.get(p.accuser);
        if (accuser != null && accuser.isLive() && accuser != table.self()) {
            dissemination.sendAlone(accuser.address, List.of(s));
        }
    }

    /** Starts the suspicion of {@code n}, just recorded SUSPECT on {@code s}. */
    void start(long now, NodeState n, Suspect s) {
        int liveCount = table.liveCount();
        int wanted = config.suspicionMult() - 2;
        if (liveCount - 2 < wanted) {
            wanted = 0;
        }
        long min = Suspicion.minTimeout(config.suspicionMult(), liveCount, probeIntervalMs);
        long max = (long) config.suspicionMaxTimeoutMult() * min;
        Pending p = new Pending(n.name, s.from(), new Suspicion(now, min, max, wanted, s.from(), s.incarnation()));
        pending.put(n.name, p);
        p.reschedule(now);
        timers.schedule(now + min, t -> periodicLook(t, p, min));
    }

    /**
     * Our TCP probe found the suspect gone: its host refused the connection. Its suspicion ends
     * {@code timeoutMs} from now, unless it would end sooner anyway, and without the final check.
     */
    void refused(long now, String name, long timeoutMs) {
        shorten(now, name, timeoutMs, false);
    }

    /**
     * Our TCP probe found the suspect's host down or cut off (no connection at all, and every relay
     * reported it silent too): as {@link #refused}, if another member confirms the suspicion before
     * the shortened timeout runs out; if none does, the suspicion goes on as if the evidence had
     * not been seen. Alone, the evidence is what a lossy link also produces now and then (at 20 %
     * loss among 100 members in the simulator, a member whose own accusations the others ignored
     * declared a live member dead about once in ten minutes); a confirmation in time shows that
     * another prober lost the suspect as well.
     */
    void unreachable(long now, String name, long timeoutMs) {
        shorten(now, name, timeoutMs, true);
    }

    private void shorten(long now, String name, long timeoutMs, boolean needsConfirmation) {
        Pending p = pending.get(name);
        if (p == null || p.finalCheck) {
            return;
        }
        long cap = now + timeoutMs;
        // Evidence that needs no confirmation also replaces a later-ending one that does.
        if (cap < p.cap || p.capNeedsConfirmation && !needsConfirmation) {
            p.cap = cap;
            p.capNeedsConfirmation = needsConfirmation;
            p.reschedule(now);
        }
    }

    /** Ends the suspicion of {@code name}, if any: refuted, superseded or no longer our business. */
    void cancel(String name) {
        Pending p = pending.remove(name);
        if (p != null && p.timer != null) {
            p.timer.cancel();
        }
    }

    private void expired(long now, String name, Pending p) {
        if (pending.get(name) != p) {
            return;
        }
        NodeState n = table.get(name);
        if (n == null || n.state != MemberState.SUSPECT || n.incarnation != p.suspicion.incarnation()) {
            pending.remove(name);
            return;
        }
        if (p.cap <= now && p.capNeedsConfirmation && !p.confirmedByAnother) {
            // The evidence found no second witness in time: Lifeguard's timer decides, with a last
            // look of its own.
            p.cap = Long.MAX_VALUE;
            p.looked = false;
            p.reschedule(now);
            return;
        }
        if (p.suspicion.confirmations() < p.suspicion.wanted() && !p.finalCheck && p.cap == Long.MAX_VALUE) {
            // Too few independent accusers: the refutation may simply have been lost on the way to
            // us (gossip leaves a residue). Ask the suspect once more, directly, with the suspicion
            // first: if it lives, it refutes before it answers, and its alive rides back on the ack.
            p.finalCheck = true;
            askDirectly(n);
            p.timer = timers.schedule(now + health.scale(probeIntervalMs), t -> expired(t, name, p));
            return;
        }
        pending.remove(name);
        // Which rule decided, for an operator asking why a verdict took as long as it did.
        if (LOG.isLoggable(Level.DEBUG)) {
            String rule = p.cap > now ? "Lifeguard's timeout"
                    : p.capNeedsConfirmation ? "the probe's evidence (confirmed)" : "the probe's evidence";
            LOG.log(Level.DEBUG, "{0}: {1} declared dead: suspected {2} ms ago, {3} of {4} confirmations, {5},"
                    + " local health {6}", table.self().name, name, now - p.suspicion.start(),
                    p.suspicion.confirmations(), p.suspicion.wanted(), rule, health.score());
        }
        verdict.dead(now, new Dead(name, n.generation, n.incarnation, table.self().name));
    }

    /**
     * One probe timeout before a suspicion expires, however many members confirmed it, the suspect
     * is asked directly. A refutation is gossiped like any news, and gossip leaves a residue: after
     * a 3 s pause at 50 members, one pause in about 230 ended with some member that never heard
     * the refutation declaring the live node dead (simulator, 3,000 pauses; once in the
     * side-by-side benchmark). The suspicion goes first in the datagram so that the suspect has
     * re-queued its alive before it answers the ping, and the alive rides back on the ack; a dead
     * suspect costs one datagram and no time.
     */
    private void lastLook(Pending p) {
        if (pending.get(p.name) != p || p.looked) {
            return;
        }
        NodeState n = table.get(p.name);
        if (n == null || n.state != MemberState.SUSPECT || n.incarnation != p.suspicion.incarnation()) {
            return;
        }
        p.looked = true;
        askDirectly(n);
    }

    /**
     * Every minimum timeout that a suspicion outlasts, the suspect is asked directly. A suspicion
     * that too few members confirm is what a refutation lost on its way to us looks like, and it
     * runs towards the maximum timeout (six minimum timeouts): long enough for a flaky suspect to
     * fall silent again just when the last look is due. In the simulator, 3 s pauses every 40 s at
     * 50 members ended that way about once in 10,000 pauses, a member declaring the live suspect
     * dead 41 s after missing its refutation. A confirmed suspicion ends at the minimum and costs
     * no extra datagram; a dead suspect costs at most five.
     */
    private void periodicLook(long now, Pending p, long every) {
        if (pending.get(p.name) != p) {
            return;
        }
        NodeState n = table.get(p.name);
        if (n == null || n.state != MemberState.SUSPECT || n.incarnation != p.suspicion.incarnation()) {
            return;
        }
        if (now + probeTimeoutMs >= p.deadline()) {
            if (p.cap != Long.MAX_VALUE) {
                // The last look is due before a shortened deadline; it may be dropped again, so keep looking.
                timers.schedule(now + every, t -> periodicLook(t, p, every));
            }
            return;
        }
        askDirectly(n);
        timers.schedule(now + every, t -> periodicLook(t, p, every));
    }

    /** The suspicion, then a ping: a live suspect refutes before it acks. */
    private void askDirectly(NodeState n) {
        dissemination.send(n.address, List.of(new Suspect(n.name, n.generation, n.incarnation, table.self().name),
                new Ping(pings.next(), n.name)));
    }

    /** A suspicion and the timers that will look at the suspect and declare it dead. */
    private final class Pending {
        final String name;
        /** Who accused first; any other accuser confirms. */
        final String accuser;
        final Suspicion suspicion;
        Timers.Timer timer;
        boolean finalCheck;
        /** The direct question to the suspect one probe timeout before the deadline. */
        Timers.Timer lastLook;
        boolean looked;
        /** When our TCP probe's evidence ends the suspicion; {@code Long.MAX_VALUE} if it did not. */
        long cap = Long.MAX_VALUE;
        /** The cap holds only once another member confirms the suspicion. */
        boolean capNeedsConfirmation;
        /**
         * A member other than the first accuser accused the suspect too; counted apart from the
         * Lifeguard confirmations, which small clusters do not count at all.
         */
        boolean confirmedByAnother;

        Pending(String name, String accuser, Suspicion suspicion) {
            this.name = name;
            this.accuser = accuser;
            this.suspicion = suspicion;
        }

        long deadline() {
            return Math.min(suspicion.deadline(), cap);
        }

        void reschedule(long now) {
            if (finalCheck) {
                return;
            }
            if (timer != null) {
                timer.cancel();
            }
            long deadline = Math.max(now, deadline());
            timer = timers.schedule(deadline, t -> expired(t, name, this));
            if (!looked) {
                if (lastLook != null) {
                    lastLook.cancel();
                }
                lastLook = timers.schedule(Math.max(now, deadline - probeTimeoutMs), t -> lastLook(this));
            }
        }
    }
}
