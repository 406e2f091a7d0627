package io.gossamer.tck;

import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.Membership;
import io.gossamer.MembershipEvent;
import io.gossamer.tck.deployment.AsyncRecordingObserver;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.Futures;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.TckPeer;
import io.gossamer.tck.support.TckTiming;

import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A synchronous and an asynchronous observer both receive every event of a join and a leave. */
@ExtendWith(ArquillianExtension.class)
public class AsyncObserversTest {

    private static final TckTiming TIMING = TckTiming.standard();

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("async-observers", Deployments.node("async-observers", TIMING),
                RecordingObserver.class, AsyncRecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver sync;

    @Inject
    AsyncRecordingObserver async;

    /** [events-async] The asynchronous observer receives the same events as the synchronous one. */
    @Test
    public void asynchronousObserversReceiveEveryEventToo() {
        sync.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer peer = peers.startAndJoin("visitor", membership, TIMING);
            sync.log().awaitEvent(MemberJoined.class, peer.name(), TIMING.dissemination(2));
            Futures.await(peer.peer().leave(), TIMING.leave(), "leave");
            sync.log().awaitEvent(MemberLeft.class, peer.name(), TIMING.dissemination(2));
            async.log().awaitEvent(MemberLeft.class, peer.name(), TIMING.local());
            async.log().await("the events the synchronous observer received", TIMING.local(),
                    events -> events.size() >= sync.log().events().size());

            // Asynchronous delivery may reorder: compare as sets, by identity of content.
            assertEquals(sorted(sync.log().events()), sorted(async.log().events()),
                    "synchronous:\n" + sync.log() + "\nasynchronous:\n" + async.log());
        }
    }

    private static List<String> sorted(List<MembershipEvent> events) {
        return events.stream().map(MembershipEvent::toString).sorted(Comparator.naturalOrder()).toList();
    }
}
