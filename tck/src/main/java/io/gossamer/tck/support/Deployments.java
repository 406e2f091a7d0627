package io.gossamer.tck.support;

import io.gossamer.GossamerConfig;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds the scenarios' deployments: a web archive with a {@code beans.xml}, the scenario's beans
 * and its {@code META-INF/microprofile-config.properties}. The implementation under test is added
 * by the runner's archive processor, the TCK's support classes by its auxiliary archive appender.
 */
public final class Deployments {

    /** The node name every scenario gives the deployment under test. */
    public static final String NODE_NAME = "deployment";

    private Deployments() {
    }

    /**
     * Configuration of a deployment node: a cluster of its own (the scenario's name and a random
     * suffix, so runs never meet), {@value #NODE_NAME} on 127.0.0.1 with an ephemeral port, and
     * {@code timing}.
     */
    public static Map<String, String> node(String scenario, TckTiming timing) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(GossamerConfig.CLUSTER, "tck-" + scenario + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        p.put(GossamerConfig.NODE_NAME, NODE_NAME);
        p.put(GossamerConfig.BIND_ADDRESS, "127.0.0.1");
        p.put(GossamerConfig.BIND_PORT, "0");
        p.putAll(timing.properties());
        return p;
    }

    /**
     * The keys that make a node a server with a WAN pool on 127.0.0.1 and an ephemeral port, on the
     * {@code local} profile: for deployments and for peers.
     */
    public static Map<String, String> server() {
        return Map.of(GossamerConfig.ROLE, "server",
                GossamerConfig.WAN_BIND_ADDRESS, "127.0.0.1",
                GossamerConfig.WAN_BIND_PORT, "0",
                GossamerConfig.WAN_PROFILE, "local");
    }

    /** {@link #node(String, TckTiming)} with {@code extra} keys. */
    public static Map<String, String> node(String scenario, TckTiming timing, Map<String, String> extra) {
        Map<String, String> p = node(scenario, timing);
        p.putAll(extra);
        return p;
    }

    /** A deployment named after the scenario with {@code config} and {@code classes}. */
    public static WebArchive war(String scenario, Map<String, String> config, Class<?>... classes) {
        StringBuilder props = new StringBuilder();
        config.forEach((k, v) -> props.append(k).append('=').append(v).append('\n'));
        return ShrinkWrap.create(WebArchive.class, scenario + ".war")
                .addClasses(classes)
                .addAsResource(new StringAsset(props.toString()), "META-INF/microprofile-config.properties")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }
}
