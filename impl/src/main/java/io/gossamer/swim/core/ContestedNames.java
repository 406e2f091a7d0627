package io.gossamer.swim.core;

import io.gossamer.swim.wire.Message.Alive;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The latest announcement of a known name from another address, refused while the name's holder
 * was alive. It is applied as soon as the holder is dead long enough to be reclaimed, or has left,
 * so a member restarted elsewhere under its old name need not wait for the next push-pull.
 */
final class ContestedNames {

    private final Map<String, Alive> claims = new HashMap<>();

    /** Holds {@code claim} unless a later claim to its name is held already. */
    void hold(Alive claim) {
        Alive earlier = claims.get(claim.name());
        if (earlier == null || earlier.incarnation() <= claim.incarnation()) {
            claims.put(claim.name(), claim);
        }
    }

    /** Drops the claim held for {@code name}, if any: the name was settled otherwise. */
    void drop(String name) {
        claims.remove(name);
    }

    /** Removes and returns the claim held for {@code name}, or null. */
    Alive take(String name) {
        return claims.remove(name);
    }

    /** The names claimed, as a copy. */
    List<String> names() {
        return List.copyOf(claims.keySet());
    }

    /** Drops the claims {@code refused} accepts. */
    void dropIf(Predicate<Alive> refused) {
        claims.values().removeIf(refused);
    }
}
