package io.gossamer.tck.support;

import io.gossamer.Member;
import io.gossamer.tck.spi.Peer;

/**
 * A peer started for a test, with the events it recorded.
 *
 * @param peer    the implementation's peer
 * @param log     every membership event the peer recorded
 * @param events  every cluster event the peer delivered
 * @param queries every query the peer delivered, each answered ({@link ClusterQueryLog#answerTo})
 *                unless the test said otherwise
 */
public record TckPeer(Peer peer, EventLog log, ClusterEventLog events, ClusterQueryLog queries) {

    /** The peer's member name. */
    public String name() {
        return peer.localMember().name();
    }

    /** {@code address:port} of the peer, to join through. */
    public String seed() {
        return seedOf(peer.localMember());
    }

    /** {@code address:port} of a member, to join through. */
    public static String seedOf(Member member) {
        String a = member.address();
        return (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + member.port();
    }
}
