package io.gossamer.swim.sim;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The load model's event loops ({@link Simulator.Load}): what each loop has waiting, and in which
 * order it serves it. A Netty loop does not serve its channels' input in one queue by arrival: each
 * turn it visits every ready channel and reads at most {@value #BATCH} datagrams from it
 * ({@code maxMessagesPerRead}), so what arrives for one node waits for one round of the others,
 * not for everything that arrived before it. Modelled so: each loop keeps a ring of its nodes with
 * events waiting; a visit serves the node's streams and timers (other channels, and the loop's
 * task queue, never stuck behind a socket's backlog), then up to {@value #BATCH} of its datagrams,
 * and the node goes to the back of the ring while it has more.
 */
final class EventLoops {

    /** Datagrams a visit reads from one node's socket. */
    static final int BATCH = 16;

    /** One node's waiting events on its loop. */
    private static final class Waiting {
        final SimNode node;
        final ArrayDeque<Simulator.Event> datagrams = new ArrayDeque<>();
        final ArrayDeque<Simulator.Event> others = new ArrayDeque<>();
        boolean inRing;

        Waiting(SimNode node) {
            this.node = node;
        }

        boolean isEmpty() {
            return datagrams.isEmpty() && others.isEmpty();
        }
    }

    private final long[] busyMicros;
    private final boolean[] turnArmed;
    private final ArrayDeque<Waiting>[] rings;
    /** The node each loop is visiting, and what the visit has served of its datagrams. */
    private final Waiting[] visiting;
    private final int[] readInVisit;
    private final Map<SimNode, Waiting> waiting = new HashMap<>();
    private final int[] waitingEvents;

    @SuppressWarnings("unchecked")
    EventLoops(int loops) {
        busyMicros = new long[loops];
        turnArmed = new boolean[loops];
        rings = new ArrayDeque[loops];
        for (int i = 0; i < loops; i++) {
            rings[i] = new ArrayDeque<>();
        }
        visiting = new Waiting[loops];
        readInVisit = new int[loops];
        waitingEvents = new int[loops];
    }

    int loopOf(SimNode node) {
        return node.index % busyMicros.length;
    }

    /**
     * Whether {@code loop} can take an event in the millisecond starting at {@code nowMicros} at
     * once: free before that millisecond ends, and nothing waiting. Within a millisecond a loop
     * serves as many events as their costs fit: the simulator's clock counts milliseconds, and a
     * loop that took a whole one per event would serve 1,000 a second whatever they cost.
     */
    boolean idle(int loop, long nowMicros) {
        return busyMicros[loop] < nowMicros + 1_000 && waitingEvents[loop] == 0;
    }

    /** Keeps {@code loop} busy for {@code costMicros} from {@code nowMicros} or from its current work's end. */
    void charge(int loop, long nowMicros, long costMicros) {
        busyMicros[loop] = Math.max(busyMicros[loop], nowMicros) + costMicros;
    }

    /** The millisecond in which {@code loop} is free for its next event. */
    long freeAtMillis(int loop) {
        return busyMicros[loop] / 1_000;
    }

    /** Puts {@code e} in its node's waiting events. Returns true if the loop has no turn armed yet (the caller arms one). */
    boolean await(SimNode node, Simulator.Event e, boolean datagram) {
        int loop = loopOf(node);
        Waiting w = waiting.computeIfAbsent(node, Waiting::new);
        (datagram ? w.datagrams : w.others).add(e);
        waitingEvents[loop]++;
        if (!w.inRing && w != visiting[loop]) {
            w.inRing = true;
            rings[loop].add(w);
        }
        if (turnArmed[loop]) {
            return false;
        }
        turnArmed[loop] = true;
        return true;
    }

    /**
     * The next event {@code loop} serves, or null when none waits (its turn is then disarmed). A
     * visit takes the node's streams and timers first, then its datagrams, {@value #BATCH} at most.
     */
    Simulator.Event next(int loop) {
        while (true) {
            Waiting w = visiting[loop];
            if (w != null) {
                if (!w.others.isEmpty()) {
                    waitingEvents[loop]--;
                    return w.others.poll();
                }
                if (!w.datagrams.isEmpty() && readInVisit[loop] < BATCH) {
                    readInVisit[loop]++;
                    waitingEvents[loop]--;
                    return w.datagrams.poll();
                }
                visiting[loop] = null;
                if (w.isEmpty()) {
                    waiting.remove(w.node);
                } else {
                    w.inRing = true;
                    rings[loop].add(w);
                }
            }
            Waiting nextNode = rings[loop].poll();
            if (nextNode == null) {
                turnArmed[loop] = false;
                return null;
            }
            nextNode.inRing = false;
            visiting[loop] = nextNode;
            readInVisit[loop] = 0;
        }
    }

    /** Whether {@code loop} has events waiting (its next turn must be armed). */
    boolean hasWaiting(int loop) {
        return waitingEvents[loop] > 0;
    }

    /** {@code loop} has nothing waiting and no turn armed: the next event that waits arms one. */
    void disarm(int loop) {
        turnArmed[loop] = false;
    }
}
