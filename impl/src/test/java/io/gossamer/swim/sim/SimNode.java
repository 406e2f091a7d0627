package io.gossamer.swim.sim;

import io.gossamer.KeyResponse;
import io.gossamer.Member;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.core.JoinRefusal;
import io.gossamer.swim.metrics.GuardMetrics;
import io.gossamer.swim.wire.NodeAddress;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One simulated host: its current protocol instance, its address, pause/crash state and traffic
 * counters. A restart replaces the instance and bumps {@link #epoch}, which silently invalidates
 * every event still addressed to the old instance.
 */
public final class SimNode {

    /** Outcome of one {@code join}, as reported by the core. */
    public record JoinResult(long time, long joinId, int contacted, List<String> errors, List<JoinRefusal> refusals) {
    }

    /** Outcome of one key operation started at this node, as reported by the core. */
    public record KeyResult(long time, long operationId, KeyResponse response) {
    }

    final int index;
    final String name;
    /** The timing profile this node's configuration starts from. */
    final Profile profile;
    /** Applied to this node's configuration after the simulator-wide one (datacenter, pool, role...). */
    final UnaryOperator<SwimConfig.Builder> configure;
    SwimConfig config;
    SimProtocol protocol;
    NodeAddress address;
    int epoch;
    boolean running;
    boolean paused;
    final ArrayDeque<Simulator.Event> backlog = new ArrayDeque<>();
    long wakeupAt = Long.MAX_VALUE;
    final Set<Long> openStreams = new HashSet<>();
    long startedAt = -1;
    long leaveFinishedAt = -1;
    final List<JoinResult> joins = new ArrayList<>();
    final List<KeyResult> keyResults = new ArrayList<>();
    /** Members this node currently holds ALIVE (itself included), maintained from its change reports. */
    int aliveView;
    /** Refutations of news about itself, since the simulation started. */
    int refutations;

    // traffic counters: datagrams, the protocol messages inside them, bytes; streams separately
    long packetsSent;
    long packetsReceived;
    long messagesSent;
    long messagesReceived;
    long bytesSent;
    long bytesReceived;
    long streamsOpened;
    long streamsServed;
    long streamBytesSent;
    long streamBytesReceived;
    long packetsLost;

    // the load model (Simulator.Load): zero while it is off
    /** Datagrams arrived and not yet handled: the socket's receive queue. */
    int queuedDatagrams;
    /** Incoming streams arrived and not yet served: served and waiting slots together. */
    int openInbound;
    long datagramsOverflowed;
    long streamsShed;
    long streamsExpired;
    /** Join attempts made by {@code Simulator.joinWithRetry}, and joins it gave up on. */
    int joinAttempts;
    boolean joinGaveUp;

    SimNode(int index, String name, Profile profile, UnaryOperator<SwimConfig.Builder> configure) {
        this.index = index;
        this.name = name;
        this.profile = profile;
        this.configure = configure;
    }

    public int index() { return index; }

    /** The network coordinates this node knows, its own included, by member name. */
    public java.util.Map<String, io.gossamer.Coordinate> coordinates() {
        return protocol.coordinates();
    }

    /** What became of cluster events at this node. */
    public io.gossamer.swim.metrics.EventMetrics eventMetrics() {
        return protocol.eventMetrics();
    }
    public String name() { return name; }
    public NodeAddress address() { return address; }
    public SwimConfig config() { return config; }
    public boolean running() { return running; }
    public boolean paused() { return paused; }
    public long startedAt() { return startedAt; }
    public long leaveFinishedAt() { return leaveFinishedAt; }
    public List<JoinResult> joins() { return List.copyOf(joins); }
    public int refutations() { return refutations; }
    public List<KeyResult> keyResults() { return List.copyOf(keyResults); }
    public int aliveView() { return aliveView; }
    public long packetsSent() { return packetsSent; }
    public long packetsReceived() { return packetsReceived; }
    public long messagesSent() { return messagesSent; }
    public long messagesReceived() { return messagesReceived; }
    public long bytesSent() { return bytesSent; }
    public long bytesReceived() { return bytesReceived; }
    public long streamsOpened() { return streamsOpened; }
    public long streamsServed() { return streamsServed; }
    public long streamBytesSent() { return streamBytesSent; }
    public long streamBytesReceived() { return streamBytesReceived; }
    public long packetsLost() { return packetsLost; }
    /** Datagrams dropped because the receive queue was full (load model). */
    public long datagramsOverflowed() { return datagramsOverflowed; }
    /** Incoming streams closed at once: every slot and place in line taken (load model). */
    public long streamsShed() { return streamsShed; }
    /** Incoming streams that waited past the node's TCP timeout and were cut unserved (load model). */
    public long streamsExpired() { return streamsExpired; }
    public int joinAttempts() { return joinAttempts; }
    public boolean joinGaveUp() { return joinGaveUp; }

    /** The node's current view, straight from its core. */
    public List<Member> members() {
        return protocol.members();
    }

    public Member localMember() {
        return protocol.localMember();
    }

    public int localHealth() {
        return protocol.localHealth();
    }

    public Optional<NodeAddress> nameHolder() {
        return protocol.nameHolder();
    }

    public boolean locallyDamped() {
        return protocol.locallyDamped();
    }

    /** Suspicions this node withheld after failed probes, and ignored from unhealthy accusers. */
    public long[] suspicionsWithheldAndIgnored() {
        return protocol.suspicionsWithheldAndIgnored();
    }

    /** What this node's cluster-mixing guard has done. */
    public GuardMetrics guardMetrics() {
        return protocol.guardMetrics();
    }

    @Override
    public String toString() {
        return name + "@" + address + (running ? "" : " (down)") + (paused ? " (paused)" : "");
    }
}
