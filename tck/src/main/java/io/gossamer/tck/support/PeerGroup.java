package io.gossamer.tck.support;

import io.gossamer.ClusterEvent;
import io.gossamer.ClusterQuery;
import io.gossamer.GossamerConfig;
import io.gossamer.Member;
import io.gossamer.MemberJoined;
import io.gossamer.Membership;
import io.gossamer.MembershipEvent;
import io.gossamer.Pool;
import io.gossamer.tck.spi.Peer;
import io.gossamer.tck.spi.PeerObserver;
import io.gossamer.tck.spi.Peers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/** The peers a test started: created through the implementation's {@link Peers}, closed together. */
public final class PeerGroup implements AutoCloseable {

    private final Peers peers;
    /** Every peer started, with its log, in start order. */
    private final List<TckPeer> started = new ArrayList<>();

    public PeerGroup() {
        this.peers = load();
    }

    private static Peers load() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return ServiceLoader.load(Peers.class, loader).findFirst().orElseThrow(() -> new IllegalStateException(
                "No io.gossamer.tck.spi.Peers implementation found through ServiceLoader: the runner must "
                        + "provide one and make it visible inside the deployment (see the TCK's README)"));
    }

    /**
     * Starts a peer named {@code name} in {@code cluster} on 127.0.0.1 with an ephemeral port and
     * {@code timing}, plus {@code extra} configuration.
     */
    public TckPeer start(String name, String cluster, TckTiming timing, Map<String, String> extra) {
        Map<String, String> config = new LinkedHashMap<>(timing.properties());
        config.put(GossamerConfig.CLUSTER, cluster);
        config.put(GossamerConfig.NODE_NAME, name);
        config.put(GossamerConfig.BIND_ADDRESS, "127.0.0.1");
        config.put(GossamerConfig.BIND_PORT, "0");
        config.putAll(extra);
        EventLog log = new EventLog("peer " + name);
        ClusterEventLog events = new ClusterEventLog("peer " + name);
        ClusterQueryLog queries = new ClusterQueryLog("peer " + name);
        Peer peer = peers.start(Collections.unmodifiableMap(config), new PeerObserver() {
            @Override
            public void membershipEvent(MembershipEvent event) {
                log.record(event);
            }

            @Override
            public void clusterEvent(ClusterEvent event) {
                events.record(event);
            }

            @Override
            public void clusterQuery(ClusterQuery query) {
                queries.record(name, query);
            }
        });
        TckPeer p = new TckPeer(peer, log, events, queries);
        started.add(p);
        return p;
    }

    /** {@link #start(String, String, TckTiming, Map)} without extra configuration. */
    public TckPeer start(String name, String cluster, TckTiming timing) {
        return start(name, cluster, timing, Map.of());
    }

    /** Starts a peer and joins it through {@code seed}, failing the test if the join fails. */
    public TckPeer startAndJoin(String name, String cluster, TckTiming timing, String seed) {
        return startAndJoin(name, cluster, timing, Map.of(), seed);
    }

    /** {@link #startAndJoin(String, String, TckTiming, String)} with {@code extra} configuration. */
    public TckPeer startAndJoin(String name, String cluster, TckTiming timing, Map<String, String> extra, String seed) {
        TckPeer p = start(name, cluster, timing, extra);
        Futures.await(p.peer().join(List.of(seed)), timing.join(), "join of " + name + " through " + seed);
        return p;
    }

    /** Starts a peer in the cluster of {@code node} and joins it through {@code node}'s address. */
    public TckPeer startAndJoin(String name, Membership node, TckTiming timing) {
        Member local = node.localMember();
        return startAndJoin(name, local.cluster(), timing, TckPeer.seedOf(local));
    }

    /**
     * Waits until the deployment (named {@value Deployments#NODE_NAME}, whose observer recorded
     * {@code deployment}) and every peer started have each recorded a {@link MemberJoined} about
     * every other one in the LAN pool: a mesh. A scenario that then crashes or stops one of them
     * can require every other to notice, since each knew it. A join only tells the joiner what the
     * seed knew, so earlier members learn of later ones by gossip: pass the dissemination bound of
     * the group's size, counted from the last join. Fails naming who had not recorded whom.
     */
    public void awaitMesh(EventLog deployment, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        List<String> names = new ArrayList<>();
        names.add(Deployments.NODE_NAME);
        started.forEach(p -> names.add(p.name()));
        awaitJoins(deployment, names, Deployments.NODE_NAME, deadline, bound);
        for (TckPeer p : started) {
            awaitJoins(p.log(), names, p.name(), deadline, bound);
        }
    }

    private static void awaitJoins(EventLog log, List<String> names, String self, long deadline, Duration bound) {
        Set<String> others = names.stream().filter(n -> !n.equals(self)).collect(Collectors.toSet());
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        log.await("MemberJoined about each of " + others + " (the mesh, bound " + bound + ")", left,
                events -> events.stream()
                        .filter(e -> e instanceof MemberJoined && e.pool() == Pool.LAN)
                        .map(MembershipEvent::member)
                        .map(Member::name)
                        .collect(Collectors.toSet())
                        .containsAll(others));
    }

    /** Closes every peer started, the last first. */
    @Override
    public void close() {
        List<Peer> all = new ArrayList<>(started.stream().map(TckPeer::peer).toList());
        Collections.reverse(all);
        started.clear();
        RuntimeException first = null;
        for (Peer p : all) {
            try {
                p.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            fail("closing peers failed", first);
        }
    }
}
