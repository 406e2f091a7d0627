package io.gossamer.tck;

import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.Membership;
import io.gossamer.tck.deployment.AsyncRecordingObserver;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.deployment.ThrowingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.EventLog;
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

import java.util.List;

/** One observer throws on every event; the others, and later events, are unaffected. */
@ExtendWith(ArquillianExtension.class)
public class ObserverIsolationTest {

    private static final TckTiming TIMING = TckTiming.standard();

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("observer-isolation", Deployments.node("observer-isolation", TIMING),
                RecordingObserver.class, AsyncRecordingObserver.class, ThrowingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    @Inject
    AsyncRecordingObserver async;

    @Inject
    ThrowingObserver thrower;

    /**
     * [events-observer-isolation] Despite observers that throw before and after it, a synchronous
     * observer receives each event, later events still come, and asynchronous observers get them too.
     */
    @Test
    public void anObserverThatThrowsDoesNotStopDelivery() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer peer = peers.startAndJoin("guest", membership, TIMING);
            observer.log().awaitEvent(MemberJoined.class, peer.name(), TIMING.dissemination(2));
            Futures.await(peer.peer().leave(), TIMING.leave(), "leave");
            observer.log().awaitEvent(MemberLeft.class, peer.name(), TIMING.dissemination(2));
            async.log().awaitEvent(MemberJoined.class, peer.name(), TIMING.local());
            async.log().awaitEvent(MemberLeft.class, peer.name(), TIMING.local());
            // The throwers were offered the same events, and threw each time.
            for (EventLog thrown : List.of(thrower.first(), thrower.last())) {
                thrown.awaitEvent(MemberJoined.class, peer.name(), TIMING.local());
                thrown.awaitEvent(MemberLeft.class, peer.name(), TIMING.local());
            }
        }
    }
}
