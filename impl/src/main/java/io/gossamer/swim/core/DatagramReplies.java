package io.gossamer.swim.core;

import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.Message.Ack;
import io.gossamer.swim.wire.Message.Alive;
import io.gossamer.swim.wire.Message.IndirectPing;
import io.gossamer.swim.wire.Message.NetworkCoordinate;
import io.gossamer.swim.wire.Message.Ping;
import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.wire.PacketCodec;
import io.gossamer.swim.wire.WireLimits;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Bounds what one received datagram can make this node send. A datagram's source address can be
 * forged, and a compound datagram holds up to 255 messages, so without a bound one datagram of
 * pings or indirect pings would aim hundreds of replies wherever the forger likes. Here:
 * <ul>
 * <li>the pings of one datagram are answered together, in one datagram of acks (more acks than
 *     fit are withheld);</li>
 * <li>at most one indirect ping of a datagram is relayed, and only for a member at the
 *     datagram's source address (a requester chooses its relays among its members, so a
 *     legitimate request comes from a member, but for the moments after it joined);</li>
 * <li>to an address where no member is, the acks and the news riding on them fit in as many
 *     bytes as the datagram held, and a relayed ping carries no news.</li>
 * </ul>
 * What was withheld is counted ({@code GuardMetrics.repliesWithheld}). A forger who writes a
 * member's address still gets at most one datagram (of at most the packet size) sent to that
 * member per datagram, and one bare ping to the target of an indirect ping.
 */
final class DatagramReplies {

    private final MemberTable table;
    private final Probing probing;
    private final ProbeRelays relays;
    private final Dissemination dissemination;
    private final PacketCodec sizing;
    private final GuardCounters counters;
    /** The local coordinate to send in front of acks; null with coordinates off. */
    private final Supplier<NetworkCoordinate> coordinate;

    DatagramReplies(MemberTable table, Probing probing, ProbeRelays relays, Dissemination dissemination,
                    PacketCodec sizing, GuardCounters counters, Supplier<NetworkCoordinate> coordinate) {
        this.coordinate = coordinate;
        this.table = table;
        this.probing = probing;
        this.relays = relays;
        this.dissemination = dissemination;
        this.sizing = sizing;
        this.counters = counters;
    }

    /** The replies of one datagram, while its messages are handled in order. */
    Datagram of(NodeAddress from, List<Message> messages) {
        return new Datagram(from, messages);
    }

    final class Datagram {
        private final NodeAddress from;
        private final List<Message> messages;
        private boolean pingsAnswered;
        private boolean relayed;
        /** Whether a member sent the datagram, once asked: a datagram of 255 requests asks 255 times. */
        private Boolean fromMember;

        private Datagram(NodeAddress from, List<Message> messages) {
            this.from = from;
            this.messages = messages;
        }

        /**
         * A ping: the first one answers every ping of the datagram at once, at its place (so a
         * suspicion ahead of it has been refuted and the refutation rides on the ack, as with a
         * single ping); the others were answered with it.
         */
        void ping() {
            if (pingsAnswered) {
                return;
            }
            pingsAnswered = true;
            int maxBytes = fromMember() ? sizing.packetSize()
                    : Math.min(sizing.packetSize(), sizing.datagramSize(messages));
            int room = Math.min(sizing.capacity(), maxBytes - sizing.datagramSize(List.of()));
            List<Message> acks = new ArrayList<>(1);
            int withheld = 0;
            for (Message m : messages) {
                if (m instanceof Ping p) {
                    Ack ack = probing.ackFor(p);
                    if (ack == null) {
                        continue;
                    }
                    int size = sizing.framedSize(ack);
                    if (size <= room && acks.size() < WireLimits.MAX_MESSAGES_PER_PACKET) {
                        acks.add(ack);
                        room -= size;
                    } else {
                        withheld++;
                    }
                }
            }
            counters.replyWithheld(withheld);
            if (acks.isEmpty()) {
                return;
            }
            // Our coordinate goes in front of the acks, so that the prober can place itself by the
            // round trip (Serf's ack payload); a reply too small for it goes without.
            NetworkCoordinate own = coordinate.get();
            if (own != null && sizing.framedSize(own) <= room && acks.size() < WireLimits.MAX_MESSAGES_PER_PACKET) {
                acks.add(0, own);
            }
            dissemination.sendWithin(from, acks, maxBytes);
        }

        /**
         * Whether a member sent the datagram: one is at its source address, or the datagram
         * announces one there (a node that has just joined announces itself behind its first
         * pings). Believing the announcement gives a forger nothing a forged alive sent first
         * would not.
         */
        private boolean fromMember() {
            if (fromMember == null) {
                fromMember = table.remembersMemberAt(from) || messages.stream()
                        .anyMatch(m -> m instanceof Alive a && a.address().equals(from));
            }
            return fromMember;
        }

        /** An indirect ping: relayed if it is the datagram's first and comes from a member. */
        void indirectPing(long now, IndirectPing request) {
            if (relayed || !fromMember()) {
                counters.replyWithheld(1);
                return;
            }
            relayed = true;
            relays.relay(now, from, request, table.remembersMemberAt(request.targetAddress()));
        }
    }
}
