package io.gossamer.swim.sim;

import io.gossamer.Member;
import io.gossamer.MemberState;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.core.CoreOutput;
import io.gossamer.swim.core.MemberChange;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.NodeAddress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A deliberately naive membership protocol (ping a random member every second, declare it dead after
 * one missed ack, learn members from join push-pulls and ping senders) that lets the harness be
 * tested independently of the real core. It also records what it observed so tests can check the
 * harness's delivery semantics.
 */
final class ToyProtocol implements SimProtocol {

    static final long PERIOD = 1000;
    static final long ACK_TIMEOUT = 500;

    final SwimConfig config;
    final RandomGenerator random;
    final CoreOutput out;
    final Map<String, Member> members = new LinkedHashMap<>();
    final Map<Long, Long> streamOpenedAt = new HashMap<>();
    final List<long[]> streamResults = new ArrayList<>(); // {streamId, openedAt, finishedAt, ok}
    final List<Long> packetTimes = new ArrayList<>();
    long nextProbe = Long.MAX_VALUE;
    long ackDeadline = Long.MAX_VALUE;
    String probing;
    long seq;
    long streams;
    int pendingJoin;
    int joinContacted;
    final List<String> joinErrors = new ArrayList<>();

    ToyProtocol(SwimConfig config, RandomGenerator random, CoreOutput out) {
        this.config = config;
        this.random = random;
        this.out = out;
    }

    private Member self() {
        return new Member(config.name(), config.advertise().host(), config.advertise().port(), config.cluster(),
                config.datacenter(), config.role(), config.tags(), 0, MemberState.ALIVE);
    }

    @Override
    public void start(long now) {
        Member self = self();
        members.put(self.name(), self);
        out.memberChanged(new MemberChange(MemberChange.Kind.JOINED, self, Optional.empty()));
        nextProbe = now + random.nextLong(PERIOD);
    }

    @Override
    public long join(long now, List<NodeAddress> seeds) {
        pendingJoin = seeds.size();
        for (NodeAddress s : seeds) {
            long id = ++streams;
            streamOpenedAt.put(id, now);
            out.openStream(id, s, new Message.PushPull(true, records()));
        }
        return 1;
    }

    private List<Message.MemberRecord> records() {
        List<Message.MemberRecord> r = new ArrayList<>();
        for (Member m : members.values()) {
            r.add(new Message.MemberRecord(m.name(), new NodeAddress(m.address(), m.port()), m.datacenter(),
                    m.role(), m.tags(), 0, m.incarnation(), m.state()));
        }
        return r;
    }

    private void learn(String name, NodeAddress a) {
        Member known = members.get(name);
        if (known == null || known.state() != MemberState.ALIVE) {
            Member m = new Member(name, a.host(), a.port(), config.cluster(), config.datacenter(), "server", Map.of(),
                    0, MemberState.ALIVE);
            members.put(name, m);
            out.memberChanged(new MemberChange(known == null ? MemberChange.Kind.JOINED : MemberChange.Kind.ALIVE, m,
                    known == null ? Optional.empty() : Optional.of(known.state())));
        }
    }

    private void merge(Message.PushPull pp) {
        for (Message.MemberRecord r : pp.members()) {
            if (r.state() == MemberState.ALIVE) {
                learn(r.name(), r.address());
            }
        }
    }

    @Override
    public void handlePacket(long now, NodeAddress from, List<Message> messages) {
        packetTimes.add(now);
        for (Message m : messages) {
            if (m instanceof Message.Alive a) {
                learn(a.name(), a.address());
            } else if (m instanceof Message.Ping p) {
                out.sendPacket(from, withGossip(new Message.Ack(p.seq())));
            } else if (m instanceof Message.Ack a && a.seq() == seq) {
                ackDeadline = Long.MAX_VALUE;
                probing = null;
            }
        }
    }

    /** The message, our own alive and a few random alive members: enough gossip to converge quickly. */
    private List<Message> withGossip(Message first) {
        List<Message> packet = new ArrayList<>();
        packet.add(first);
        packet.add(aliveSelf());
        List<Member> all = List.copyOf(members.values());
        for (int i = 0; i < 8 && !all.isEmpty(); i++) {
            Member m = all.get(random.nextInt(all.size()));
            if (m.state() == MemberState.ALIVE) {
                packet.add(new Message.Alive(m.name(), 0, 0, new NodeAddress(m.address(), m.port()), m.datacenter(),
                        m.role(), Map.of()));
            }
        }
        return packet;
    }

    private Message.Alive aliveSelf() {
        return new Message.Alive(config.name(), 0, 0, config.advertise(), config.datacenter(), config.role(), Map.of());
    }

    @Override
    public Optional<Message> handleStream(long now, NodeAddress from, Message request) {
        if (request instanceof Message.PushPull pp) {
            merge(pp);
            return Optional.of(new Message.PushPull(false, records()));
        }
        return Optional.empty();
    }

    @Override
    public void handleStreamResult(long now, long streamId, Optional<Message> reply) {
        streamResults.add(new long[] {streamId, streamOpenedAt.get(streamId), now, reply.isPresent() ? 1 : 0});
        if (reply.isPresent()) {
            merge((Message.PushPull) reply.get());
            joinContacted++;
        } else {
            joinErrors.add("stream " + streamId + " failed");
        }
        if (--pendingJoin == 0) {
            out.joinFinished(1, joinContacted, joinErrors, List.of());
        }
    }

    @Override
    public void handleTimers(long now) {
        if (now >= ackDeadline) {
            ackDeadline = Long.MAX_VALUE;
            Member m = members.get(probing);
            if (m != null && m.state() == MemberState.ALIVE) {
                Member dead = m.withState(MemberState.DEAD);
                members.put(probing, dead);
                out.memberChanged(new MemberChange(MemberChange.Kind.DEAD, dead, Optional.of(MemberState.ALIVE)));
            }
        }
        if (now >= nextProbe) {
            nextProbe += PERIOD;
            List<Member> alive = members.values().stream()
                    .filter(m -> m.state() == MemberState.ALIVE && !m.name().equals(config.name())).toList();
            if (!alive.isEmpty()) {
                Member target = alive.get(random.nextInt(alive.size()));
                probing = target.name();
                seq++;
                ackDeadline = now + ACK_TIMEOUT;
                out.sendPacket(new NodeAddress(target.address(), target.port()),
                        withGossip(new Message.Ping(seq, target.name())));
            }
        }
    }

    @Override
    public long nextDeadline() {
        return Math.min(nextProbe, ackDeadline);
    }

    @Override
    public void leave(long now) {
        out.leaveFinished();
    }

    @Override
    public void updateTags(long now, Map<String, String> tags) {
    }

    @Override
    public Member localMember() {
        return members.get(config.name());
    }

    @Override
    public List<Member> members() {
        return List.copyOf(members.values());
    }

    @Override
    public int localHealth() {
        return 0;
    }
}
