package io.gossamer.swim.core;

import io.gossamer.swim.wire.Message.Alive;
import io.gossamer.swim.wire.Message.Ping;

import java.util.List;

/**
 * Claims on the local member's name by a later instance at another address. Yielding to one takes
 * this process out of the pool for good, and in plaintext a claim costs an attacker one forged
 * datagram; so a claim is checked first: the claimant's address is asked directly whether it runs
 * under our name (a ping of our name, which only a member of that name answers). If it answers,
 * another process holds the name and this one yields ({@link LocalMember#nameTaken}). If it stays
 * silent for a probe interval, the claim was false (forged, or its process is gone) and the local
 * member becomes a later instance still, which every node then holds. A genuine twin whose answer
 * was lost then checks us in turn and yields: either way one holder remains.
 */
final class NameClaims {

    private final Dissemination dissemination;
    private final PingSequence pings;
    private final Timers timers;
    private final LocalMember local;
    private final long checkMs;
    /** The claim being checked; one at a time, the latest kept. */
    private Check check;

    NameClaims(Dissemination dissemination, PingSequence pings, Timers timers, LocalMember local, long checkMs) {
        this.dissemination = dissemination;
        this.pings = pings;
        this.timers = timers;
        this.local = local;
        this.checkMs = checkMs;
    }

    /** {@code claim} names our name at a later instance elsewhere: asks the claimant. */
    void claimed(long now, Alive claim) {
        if (check != null) {
            if (claim.generation() > check.claim.generation()) {
                check.claim = claim; // outbid while we wait: the answer or the silence decides on the latest
            }
            return;
        }
        Check c = new Check(pings.next(), claim);
        check = c;
        dissemination.send(claim.address(), List.of(new Ping(c.seq, claim.name())));
        c.timer = timers.schedule(now + checkMs, t -> silent(c));
    }

    /** An ack came in; true if it answered our check (the claimant runs under our name). */
    boolean acked(long now, long seq) {
        Check c = check;
        if (c == null || c.seq != seq) {
            return false;
        }
        check = null;
        c.timer.cancel();
        local.nameTaken(now, c.claim);
        return true;
    }

    private void silent(Check c) {
        if (check != c) {
            return;
        }
        check = null;
        local.regenerate(c.claim.generation());
    }

    private static final class Check {
        final long seq;
        Alive claim;
        Timers.Timer timer;

        Check(long seq, Alive claim) {
            this.seq = seq;
            this.claim = claim;
        }
    }
}
