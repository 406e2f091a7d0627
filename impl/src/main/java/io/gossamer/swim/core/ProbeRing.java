package io.gossamer.swim.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * SWIM's randomized round-robin: members are probed in a shuffled order, every member once per
 * round, reshuffled at each wrap-around. This bounds the time until a failed member is first
 * probed (at most two rounds) while keeping the expected time of random selection.
 */
final class ProbeRing {

    private final List<String> order = new ArrayList<>();
    private final Set<String> present = new HashSet<>();
    private final RandomGenerator random;
    private int next;

    ProbeRing(RandomGenerator random) {
        this.random = random;
    }

    /**
     * Adds a member at a random position, so a newcomer is not always probed last (or first);
     * no-op if it is already in the ring.
     */
    void add(String name) {
        if (!present.add(name)) {
            return;
        }
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
                        present.remove(name);
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
