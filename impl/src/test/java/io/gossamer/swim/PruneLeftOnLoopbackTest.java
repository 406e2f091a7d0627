package io.gossamer.swim;

import io.gossamer.Member;
import io.gossamer.MemberState;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.gossamer.swim.TestSupport.await;
import static io.gossamer.swim.TestSupport.local;
import static io.gossamer.swim.TestSupport.loopback;
import static io.gossamer.swim.TestSupport.seedOf;
import static io.gossamer.swim.TestSupport.stateOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A member that left is pruned by one node: the others forget it too. Pruning a LEFT member
 * reports no change (it was LEFT already), so this is what checks that a node's published view
 * follows a change that comes without an event (found by the TCK's PrunedMemberReturnsTest: the
 * core had forgotten the member, {@link SwimNode#members()} still showed it).
 */
class PruneLeftOnLoopbackTest {

    @Test
    void aPrunedLeftMemberDisappearsFromEveryView() {
        Vertx vertx = TestSupport.newVertx();
        List<SwimNode> nodes = new ArrayList<>();
        try {
            for (String name : List.of("seed", "witness", "leaver")) {
                nodes.add(await(SwimNode.start(local(name).build(), loopback(vertx).build())));
            }
            SwimNode seed = nodes.get(0);
            SwimNode witness = nodes.get(1);
            SwimNode leaver = nodes.get(2);
            Duration spread = local("bounds").build().probeInterval().multipliedBy(10);
            await(witness.join(List.of(seedOf(seed))));
            await(leaver.join(List.of(seedOf(seed))));
            await().atMost(spread).until(() -> stateOf(witness, "leaver").isPresent());
            await(leaver.leave(spread));
            await().atMost(spread).until(() -> stateOf(witness, "leaver").equals(java.util.Optional.of(MemberState.LEFT))
                    && stateOf(seed, "leaver").equals(java.util.Optional.of(MemberState.LEFT)));

            await(seed.forceLeave("leaver", true));
            assertThat(seed.members()).extracting(Member::name).doesNotContain("leaver");
            await().atMost(spread).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                    assertThat(witness.members()).extracting(Member::name).doesNotContain("leaver"));
        } finally {
            TestSupport.closeAll(nodes, vertx);
        }
    }
}
