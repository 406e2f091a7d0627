package io.gossamer.swim.sim;

import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.swim.core.MemberChange;
import io.gossamer.swim.wire.NodeAddress;

/**
 * One entry of the membership-change log: at virtual {@code time}, node {@code observer} saw
 * {@code member} (at {@code address}) move from {@code previous} (null if unknown) to {@code state};
 * {@code leftReason} says why for a LEFT (null otherwise).
 */
public record ChangeRecord(long time, int observer, String member, MemberChange.Kind kind, MemberState state,
                           MemberState previous, long incarnation, NodeAddress address, MemberLeft.Reason leftReason) {
}
