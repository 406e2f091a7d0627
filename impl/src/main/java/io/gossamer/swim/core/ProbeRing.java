package io.gossamer.swim.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * SWIM's randomized round-robin: members are probed in a shuffled order, every member once per
 * round, reshuffled at each wrap-around. This bounds the time until a failed member is first
 * probed (at most two rounds) while keeping the expected time of random selection.
 */
final class ProbeRing {

    private final List<String> order = new ArrayList<>();
    /**
     * Whether a name is in {@link #order} is a flag on its member's record ({@link NodeState#inRing}),
     * not a set of names: every core holds one per member. A name stays in the order until the next
     * wrap-around even when its record is removed from the table meanwhile (reaped, or replaced by a
     * member that came back after a prune); such names, rarely more than a few, are kept here.
     */
    private final Set<String> orphans = new HashSet<>();
    private final RandomGenerator random;
    private final Function<String, NodeState> members;
    private int next;

    /** @param members the member record under a name, or null (the member table's lookup) */
    ProbeRing(RandomGenerator random, Function<String, NodeState> members) {
        this.random = random;
        this.members = members;
    }

    /** {@code n} left the member table: if its name is in the order, it stays there until the wrap-around. */
    void forgotten(NodeState n) {
        if (n.inRing) {
            n.inRing = false;
            orphans.add(n.name);
        }
    }

    private boolean present(String name) {
        NodeState n = members.apply(name);
        return n != null && n.inRing || orphans.contains(name);
    }

    private void drop(String name) {
        NodeState n = members.apply(name);
        if (n != null) {
            n.inRing = false;
        }
        orphans.remove(name);
    }

    /**
     * Adds a member at a random position, so a newcomer is not always probed last (or first);
     * no-op if it is already in the ring. The member must be in the table.
     */
    void add(String name) {
        if (present(name)) {
            return;
        }
        members.apply(name).inRing = true;
        int at = order.isEmpty() ? 0 : random.nextInt(order.size() + 1);
        order.add(at, name);
        if (at < next) {
            next++;
        }
    }

    /**
     * The next member to probe that {@code probeable} accepts, or {@code null} if none is. Members
     * no longer probeable are dropped at the wrap-around; {@link #add} brings them back.
     */
    String next(Predicate<String> probeable) {
        for (int checked = 0; checked <= order.size(); checked++) {
            if (next >= order.size()) {
                order.removeIf(name -> {
                    boolean drop = !probeable.test(name);
                    if (drop) {
                        drop(name);
                    }
                    return drop;
                });
                Collections.shuffle(order, new Random(random.nextLong()));
                next = 0;
                if (order.isEmpty()) {
                    return null;
                }
            }
            String candidate = order.get(next++);
            if (probeable.test(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    int size() {
        return order.size();
    }
}
