package io.gossamer.tck.support;

import io.gossamer.GossamerConfig;
import io.gossamer.Member;
import io.gossamer.Membership;
import io.gossamer.tck.spi.Peer;
import io.gossamer.tck.spi.Peers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.fail;

/** The peers a test started: created through the implementation's {@link Peers}, closed together. */
public final class PeerGroup implements AutoCloseable {

    private final Peers peers;
    private final List<Peer> started = new ArrayList<>();

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
        Peer peer = peers.start(Collections.unmodifiableMap(config), log::record);
        started.add(peer);
        return new TckPeer(peer, log);
    }

    /** {@link #start(String, String, TckTiming, Map)} without extra configuration. */
    public TckPeer start(String name, String cluster, TckTiming timing) {
        return start(name, cluster, timing, Map.of());
    }

    /** Starts a peer and joins it through {@code seed}, failing the test if the join fails. */
    public TckPeer startAndJoin(String name, String cluster, TckTiming timing, String seed) {
        TckPeer p = start(name, cluster, timing);
        Futures.await(p.peer().join(List.of(seed)), timing.join(), "join of " + name + " through " + seed);
        return p;
    }

    /** Starts a peer in the cluster of {@code node} and joins it through {@code node}'s address. */
    public TckPeer startAndJoin(String name, Membership node, TckTiming timing) {
        Member local = node.localMember();
        return startAndJoin(name, local.cluster(), timing, TckPeer.seedOf(local));
    }

    /** Closes every peer started, the last first. */
    @Override
    public void close() {
        List<Peer> all = new ArrayList<>(started);
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
