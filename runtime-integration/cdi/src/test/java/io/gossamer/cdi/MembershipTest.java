package io.gossamer.cdi;

import io.gossamer.Member;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.MemberUpdated;
import io.gossamer.Membership;
import io.gossamer.swim.SwimNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static io.gossamer.cdi.TestNodes.fastNode;
import static io.gossamer.cdi.TestNodes.fastPeer;
import static io.gossamer.cdi.TestNodes.seedOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The injectable {@link Membership} bean. */
class MembershipTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() {
        Collections.reverse(toClose);
        TestNodes.closeAll(toClose);
    }

    /**
     * [membership-local], [membership-snapshot]: the local member is alive and listed; a list
     * already returned never changes; tags updates reach peers; results complete off the event loop.
     */
    @Test
    void viewsAreSnapshotsAndUpdatesReachPeers() throws Exception {
        String cluster = "membership-" + Long.toHexString(System.nanoTime());
        TestNodes.Node a = TestNodes.start(fastNode(cluster, "a"), Observers.Recorder.class);
        toClose.add(a);
        Membership m = a.get(Membership.class);
        assertThat(m.localMember().state()).isEqualTo(MemberState.ALIVE);
        assertThat(m.localMember().name()).isEqualTo("a");
        assertThat(m.localMember().address()).isEqualTo("127.0.0.1");
        List<Member> before = m.members();
        assertThat(before).extracting(Member::name).containsExactly("a");

        TestNodes.Recorded seenByPeer = new TestNodes.Recorded();
        SwimNode p = TestNodes.startPeer(fastPeer(cluster, "p").build(), seenByPeer);
        toClose.add(p);
        TestNodes.await(p.join(List.of(seedOf(m.localMember()))));
        await().atMost(Duration.ofSeconds(10)).until(() -> m.member("p").isPresent());
        assertThat(before).extracting(Member::name).containsExactly("a");
        assertThatThrownBy(() -> m.members().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(m.aliveMembers()).extracting(Member::name).containsExactlyInAnyOrder("a", "p");
        assertThat(m.member("nobody")).isEmpty();

        String[] completedOn = new String[1];
        m.updateTags(Map.of("zone", "z2")).thenRun(() -> completedOn[0] = Thread.currentThread().getName())
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(completedOn[0]).doesNotContain("eventloop");
        assertThat(m.localMember().tags()).isEqualTo(Map.of("zone", "z2"));
        await().atMost(Duration.ofSeconds(10)).until(() -> seenByPeer.last("a")
                .filter(e -> e instanceof MemberUpdated && e.member().tags().equals(Map.of("zone", "z2"))).isPresent());

        // The extension noticed the recorder's observer method at deployment.
        GossamerExtension extension = a.container.getBeanManager().getExtension(GossamerExtension.class);
        assertThat(extension.synchronousObservers()).anyMatch(s -> s.contains("Recorder"));
    }

    /**
     * An application stopped right after it started (undeployed at once, as seen on TomEE): the
     * leave waits for the join under way, so the seed records the node LEFT, never DEAD.
     */
    @Test
    void stoppedRightAfterTheStartTheNodeIsLeftAtItsSeed() {
        String cluster = "membership-" + Long.toHexString(System.nanoTime());
        TestNodes.Recorded seenBySeed = new TestNodes.Recorded();
        SwimNode seed = TestNodes.startPeer(fastPeer(cluster, "s").build(), seenBySeed);
        toClose.add(seed);
        Map<String, String> props = new java.util.HashMap<>(fastNode(cluster, "a"));
        props.put("gossamer.seeds", seedOf(seed.localMember()));
        TestNodes.start(props).close();

        await().atMost(Duration.ofSeconds(20)).until(() -> seed.members().stream()
                .anyMatch(m -> m.name().equals("a") && (m.state() == MemberState.LEFT || m.state() == MemberState.DEAD)));
        assertThat(seed.members()).filteredOn(m -> m.name().equals("a")).extracting(Member::state)
                .containsExactly(MemberState.LEFT);
        assertThat(seenBySeed.about("a")).noneMatch(e -> e instanceof io.gossamer.MemberDead);
    }

    /** Bad requests fail their stage with the documented exception. */
    @Test
    void badRequestsFail() {
        TestNodes.Node a = TestNodes.start(fastNode("membership-bad", "a"));
        toClose.add(a);
        Membership m = a.get(Membership.class);
        CompletableFuture<Void> tooBig = m.updateTags(Map.of("k", "v".repeat(255), "l", "v".repeat(255),
                "m", "v".repeat(10))).toCompletableFuture();
        assertThatThrownBy(tooBig::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.forceLeave("nobody").toCompletableFuture().join())
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.forceLeave("a").toCompletableFuture().join())
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    /** leave(): peers record LEFT; shutting down afterwards does not leave twice. */
    @Test
    void leaveIsGraceful() throws Exception {
        String cluster = "membership-leave-" + Long.toHexString(System.nanoTime());
        TestNodes.Node a = TestNodes.start(fastNode(cluster, "a"));
        toClose.add(a);
        Membership m = a.get(Membership.class);
        TestNodes.Recorded seenByPeer = new TestNodes.Recorded();
        SwimNode p = TestNodes.startPeer(fastPeer(cluster, "p").build(), seenByPeer);
        toClose.add(p);
        TestNodes.await(p.join(List.of(seedOf(m.localMember()))));
        await().atMost(Duration.ofSeconds(10)).until(() -> m.member("p").isPresent());

        m.leave().toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> seenByPeer.last("a").filter(MemberLeft.class::isInstance)
                .isPresent());
        a.close();
        assertThat(seenByPeer.about("a")).filteredOn(MemberLeft.class::isInstance).hasSize(1);
    }
}
