package io.gossamer.swim.core;

import io.gossamer.MemberState;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.wire.PacketCodec;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Infection-style dissemination: news is queued once and then piggybacked on every datagram this
 * node sends (pings, acks, gossip) until it has been sent often enough to have reached everyone
 * with high probability. A gossip ticker sends the news to a few random members on its own, and
 * parks while there is none.
 */
final class Dissemination {

    /** Compound packets count their parts in one byte. */
    private static final int MAX_MESSAGES_PER_PACKET = 255;
    private static final long NOT_PARKED = Long.MIN_VALUE;
    /** A tick armed when this node did not know the time (woken from parking): its lateness says nothing. */
    private static final long DUE_UNKNOWN = Long.MAX_VALUE;
    private static final Set<MemberState> SUSPECT_OR_DEAD = EnumSet.of(MemberState.SUSPECT, MemberState.DEAD);

    private final SwimConfig config;
    private final MemberTable table;
    private final Timers timers;
    private final LocalHealth health;
    private final CoreOutput out;
    private final PacketCodec sizing;
    private final SpatialBias bias;
    private final BroadcastQueue queue;
    /**
     * The application's messages (cluster events and queries): they ride in the room membership news leaves,
     * as Serf's do in what memberlist leaves, so that they never delay a suspicion or a refutation.
     */
    private final BroadcastQueue events;
    private final long gossipIntervalMs;
    private final long gossipToTheDeadMs;
    /** When the gossip ticker last found nothing to send and stopped, or {@link #NOT_PARKED}. */
    private long parkedAt = NOT_PARKED;
    /** When the running ticker is due next, or {@link #DUE_UNKNOWN}. */
    private long tickDue = DUE_UNKNOWN;

    Dissemination(SwimConfig config, MemberTable table, Timers timers, LocalHealth health, CoreOutput out,
                  PacketCodec sizing, SpatialBias bias) {
        this.bias = bias;
        this.config = config;
        this.table = table;
        this.timers = timers;
        this.health = health;
        this.out = out;
        this.sizing = sizing;
        this.queue = new BroadcastQueue(sizing::framedSize);
        this.events = new BroadcastQueue(sizing::framedSize, Dissemination::applicationKey);
        this.gossipIntervalMs = config.gossipInterval().toMillis();
        this.gossipToTheDeadMs = config.gossipToTheDeadTime().toMillis();
    }

    /** Arms the gossip ticker's next tick. */
    void tickAt(long at) {
        tickDue = at;
        timers.schedule(at, this::tick);
    }

    /** The gossip ticker; it reschedules itself while there is news. */
    private void tick(long now) {
        if (tickDue != DUE_UNKNOWN) {
            // The busiest timer while news flows: the first to show that this node's loop is behind.
            health.ranLate(now - tickDue);
        }
        if (queued() == 0) {
            // Nothing to tell: the ticker parks until news is queued, so an idle node wakes only
            // to probe and to answer (memberlist's ticker wakes every 200 ms regardless).
            parkedAt = now;
            return;
        }
        gossip(now);
        tickAt(now + gossipIntervalMs);
    }

    /** One round of gossip, now: the queued news to a few random members. */
    void gossip(long now) {
        if (queued() == 0) {
            return;
        }
        NodeState self = table.self();
        // The fanout goes to members believed alive, so that suspects and the dead, who may well be
        // unreachable, never take the place of live targets (in a partition half the fanout would
        // otherwise be lost and news would miss members).
        List<NodeState> targets = bias.pick(config.gossipNodes(), n -> n != self && n.state == MemberState.ALIVE);
        if (config.gossipNodes() > 0) {
            // One extra packet goes to a suspect or a recently dead member, so one wrongly accused
            // still hears it and refutes. It counts no transmission: counted, the news of a death
            // lost a quarter of its copies to the one address that reads none, and at 10 members
            // a survivor now and then heard none of the others' and waited for its own timer. It
            // goes before the fanout takes its copies, so that it still carries news on its last
            // round: in a small cluster news lasts two or three rounds, and acks and pings may
            // take some of those copies.
            List<NodeState> accused = table.randomNodesIn(1, SUSPECT_OR_DEAD, n -> n.state == MemberState.SUSPECT
                    || (n.state == MemberState.DEAD && now - n.stateChangedAt < gossipToTheDeadMs));
            List<Message> news = accused.isEmpty() ? List.of() : news(sizing.capacity(), MAX_MESSAGES_PER_PACKET, false);
            if (!news.isEmpty()) {
                out.sendPacket(accused.get(0).address, news);
            }
        }
        for (NodeState target : targets) {
            List<Message> news = news(sizing.capacity(), MAX_MESSAGES_PER_PACKET, true);
            if (news.isEmpty()) {
                return;
            }
            out.sendPacket(target.address, news);
        }
    }

    /**
     * Queues news about member {@code key}, replacing what was queued about it, and wakes a parked
     * ticker. {@code onDone} (may be null) runs once the news has been sent often enough, or was
     * replaced.
     */
    void broadcast(String key, Message message, Runnable onDone) {
        queue.queue(key, out.shared(message), onDone);
        wake();
    }

    /** Queues a cluster event or query, to be sent as often as news is, after membership news. */
    void broadcastApplication(Message message) {
        events.queue(applicationKey(message), message, null);
        wake();
    }

    /**
     * Refuses a message that no datagram could carry at this node's packet size (a cluster event or
     * query near its own limit, with a small {@code gossamer.packet-size}): it would never leave.
     *
     * @throws IllegalArgumentException saying both sizes
     */
    void requireFits(Message message) {
        int size = sizing.framedSize(message);
        if (size > sizing.capacity()) {
            throw new IllegalArgumentException("it takes " + size + " bytes in a datagram, and a datagram of "
                    + sizing.packetSize() + " bytes (gossamer.packet-size) holds " + sizing.capacity());
        }
    }

    /** An application message's key: its origin and Lamport time, unique to it. */
    private static String applicationKey(Message m) {
        return m instanceof Message.Query q ? q.key() : ((Message.UserEvent) m).key();
    }

    /**
     * Membership news first, then events in the room left: up to {@code maxCount} messages of at
     * most {@code budget} bytes, each counted as one transmission if {@code count}.
     */
    private List<Message> news(int budget, int maxCount, boolean count) {
        List<Message> news = count ? queue.take(budget, maxCount, retransmitLimit()) : queue.peek(budget, maxCount);
        if (events.size() == 0) {
            return news;
        }
        int left = budget;
        for (Message m : news) {
            left -= sizing.framedSize(m);
        }
        int room = maxCount - news.size();
        List<Message> more = count ? events.take(left, room, retransmitLimit()) : events.peek(left, room);
        if (more.isEmpty()) {
            return news;
        }
        List<Message> all = new ArrayList<>(news.size() + more.size());
        all.addAll(news);
        all.addAll(more);
        return all;
    }

    /** News was queued: a parked ticker starts again. */
    private void wake() {
        if (parkedAt != NOT_PARKED) {
            // The tick the running ticker would have had next; if that is past, at once.
            timers.schedule(parkedAt + gossipIntervalMs, this::tick);
            tickDue = DUE_UNKNOWN;
            parkedAt = NOT_PARKED;
        }
    }

    /** Sends {@code messages} with as much queued news as fits in the rest of the packet. */
    void send(NodeAddress to, List<Message> messages) {
        sendWithin(to, messages, sizing.packetSize());
    }

    /**
     * Sends {@code messages} with as much queued news as fits in a datagram of at most
     * {@code maxBytes} (plaintext, header included; never more than the packet size). The caller
     * makes sure {@code messages} alone fit.
     */
    void sendWithin(NodeAddress to, List<Message> messages, int maxBytes) {
        int room = Math.min(sizing.capacity(), maxBytes - sizing.datagramSize(List.of()))
                - (sizing.datagramSize(messages) - sizing.datagramSize(List.of()));
        List<Message> news = room <= 0 ? List.of() : news(room, MAX_MESSAGES_PER_PACKET - messages.size(), true);
        if (news.isEmpty()) {
            out.sendPacket(to, messages);
        } else {
            List<Message> all = new ArrayList<>(messages.size() + news.size());
            all.addAll(messages);
            all.addAll(news);
            out.sendPacket(to, all);
        }
    }

    /** Sends {@code messages} as they are, with no news riding on them. */
    void sendAlone(NodeAddress to, List<Message> messages) {
        out.sendPacket(to, messages);
    }

    /** Drops the news queued about member {@code key}, if any. */
    void remove(String key) {
        queue.remove(key);
    }

    /** Whether news about member {@code key} is still being spread. */
    boolean spreading(String key) {
        return queue.transmits(key) >= 0;
    }

    /** Pieces of news and events waiting to be gossiped. */
    int queued() {
        return queue.size() + events.size();
    }

    /**
     * retransmit-mult × ⌈log10(n + 1)⌉: enough for news to reach everyone with high probability.
     * n counts every remembered member, as memberlist does: when half the cluster has just died
     * (a partition), the news of it must not get fewer retransmissions.
     */
    int retransmitLimit() {
        int n = Math.max(1, table.size());
        return config.retransmitMult() * (int) Math.ceil(Math.log10(n + 1.0));
    }
}
