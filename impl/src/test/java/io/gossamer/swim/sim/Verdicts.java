package io.gossamer.swim.sim;

import io.gossamer.MemberState;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the detection scenarios time: when each observer first suspected one member and first
 * declared it dead (virtual ms, by observer index). Records about other members go to
 * {@code others}, so a scenario can count false deaths or a leave alongside.
 */
final class Verdicts implements Consumer<ChangeRecord> {

    final Map<Integer, Long> suspected = new HashMap<>();
    final Map<Integer, Long> dead = new HashMap<>();
    private final String member;
    private final Consumer<ChangeRecord> others;

    Verdicts(String member, Consumer<ChangeRecord> others) {
        this.member = member;
        this.others = others;
    }

    @Override
    public void accept(ChangeRecord r) {
        if (!r.member().equals(member)) {
            others.accept(r);
        } else if (r.state() == MemberState.SUSPECT) {
            suspected.putIfAbsent(r.observer(), r.time());
        } else if (r.state() == MemberState.DEAD) {
            dead.putIfAbsent(r.observer(), r.time());
        }
    }
}
