package io.gossamer.cdi;

import io.gossamer.Pool;
import io.gossamer.swim.SwimNodeOptions;
import io.gossamer.swim.config.SwimConfig;

import java.util.List;

/**
 * The settings as each pool's engine takes them: its protocol configuration, where it binds and
 * what it announces, and its seeds. The engine decides the announced address itself
 * ({@link SwimNodeOptions#advertised()}) from what is configured here.
 */
public final class EngineConfigs {

    private EngineConfigs() {
    }

    /**
     * The protocol configuration of {@code pool}'s engine. LAN: the node's name and every setting
     * of the engine's table as configured. WAN (meaningful on a {@linkplain GossamerSettings#server()
     * server}): member {@code <node name>.<datacenter>}, every timing from the WAN profile; what is
     * not a timing (tags, packet size, TCP pings, how long dead and left members are remembered)
     * is the node's, as in the LAN pool.
     */
    public static SwimConfig config(GossamerSettings s, Pool pool) {
        boolean lan = pool == Pool.LAN;
        SwimConfig.Builder b = SwimConfig.builder(lan ? s.profile() : s.wan().profile())
                .name(lan ? s.nodeName() : s.wanNodeName())
                .cluster(s.cluster())
                .datacenter(s.datacenter())
                .role(s.role())
                .pool(pool)
                .tags(s.tags())
                .tuning(lan ? s.tuning() : s.tuning().withTimingsOf(s.wan().profile()))
                .guard(s.guardEnabled())
                .verifyIncoming(s.encryption().verifyIncoming())
                .verifyOutgoing(s.encryption().verifyOutgoing());
        s.encryption().keyring().ifPresent(b::keyring);
        return b.build();
    }

    /**
     * Where {@code pool}'s engine binds and what it announces, when configured: the WAN pool's
     * advertise address is {@link GossamerSettings#wanAdvertiseAddress()}; and how refused joins
     * back off, alike in both pools.
     */
    public static SwimNodeOptions.Builder options(GossamerSettings s, Pool pool) {
        SwimNodeOptions.Builder b = SwimNodeOptions.builder()
                .joinRefusedBackoff(s.joinRefusedBackoff())
                .joinRefusedMaxBackoff(s.joinRefusedMaxBackoff());
        if (pool == Pool.LAN) {
            b.bindHost(s.bindAddress()).bindPort(s.bindPort());
            s.advertiseAddress().ifPresent(b::advertiseHost);
            s.advertisePort().ifPresent(b::advertisePort);
        } else {
            b.bindHost(s.wan().bindAddress()).bindPort(s.wan().bindPort());
            s.wanAdvertiseAddress().ifPresent(b::advertiseHost);
            s.wan().advertisePort().ifPresent(b::advertisePort);
        }
        return b;
    }

    /** The seeds {@code pool}'s engine joins. */
    public static List<String> seeds(GossamerSettings s, Pool pool) {
        return pool == Pool.LAN ? s.seeds() : s.wan().seeds();
    }
}
