package io.gossamer.swim;

import io.gossamer.Member;
import io.gossamer.MembershipEvent;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.gossamer.swim.TestSupport.await;
import static io.gossamer.swim.TestSupport.local;
import static io.gossamer.swim.TestSupport.loopback;
import static io.gossamer.swim.TestSupport.seedOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ViewOrderTest {

    private final Vertx vertx = TestSupport.newVertx();
    private final List<SwimNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        TestSupport.closeAll(nodes, vertx);
    }

    /** A listener that reads members() in reaction to an event always sees the member in that event's state. */
    @Test
    void eventsAreDeliveredAfterTheViewShowsThem() {
        ConcurrentLinkedQueue<String> mismatches = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<MembershipEvent> seen = new ConcurrentLinkedQueue<>();
        SwimNode[] observer = new SwimNode[1];
        SwimNode a = await(SwimNode.start(local("a").build(), loopback(vertx).listener(event -> {
            seen.add(event);
            if (observer[0] == null) {
                return; // the local join, delivered before start() returned
            }
            Optional<Member> now = observer[0].members().stream()
                    .filter(m -> m.name().equals(event.member().name())).findFirst();
            // the view may already be further along, never behind: a later incarnation, or at the
            // same incarnation a later state (a leave keeps the incarnation of the tags before it)
            if (now.isEmpty() || now.get().incarnation() < event.member().incarnation()
                    || (now.get().incarnation() == event.member().incarnation()
                        && (now.get().state().ordinal() < event.member().state().ordinal()
                            || (now.get().state() == event.member().state() && !now.get().equals(event.member()))))) {
                mismatches.add(event + " but view shows " + now);
            }
        }).build()));
        observer[0] = a;
        nodes.add(a);
        SwimNode b = await(SwimNode.start(local("b").build(), loopback(vertx).build()));
        nodes.add(b);
        await(b.join(List.of(seedOf(a))));
        await(b.updateTags(Map.of("k", "v")));
        await(b.leave(Duration.ofSeconds(5)));

        await().atMost(Duration.ofSeconds(10)).until(() ->
                seen.stream().anyMatch(e -> e.member().name().equals("b") && e instanceof io.gossamer.MemberLeft));
        assertThat(mismatches).isEmpty();
    }
}
