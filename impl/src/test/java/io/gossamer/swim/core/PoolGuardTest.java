package io.gossamer.swim.core;

import io.gossamer.MemberLeft;
import io.gossamer.Pool;
import io.gossamer.RefusalReason;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The guard's rules on their own: label classification, what the guard lets in, record checks. */
class PoolGuardTest {

    private static PoolGuard lan(String cluster, String dc, String role) {
        return new PoolGuard(SwimConfig.builder(Profile.LAN).name("n1").cluster(cluster).datacenter(dc).role(role)
                .build());
    }

    private static PoolGuard wan(String cluster, String dc) {
        return new PoolGuard(SwimConfig.builder(Profile.WAN).name("n1." + dc).cluster(cluster).datacenter(dc)
                .role("server").pool(Pool.WAN).build());
    }

    @Test
    void labelsParseOnlyInTheirTwoShapes() {
        assertThat(PoolLabel.parse("prod/lan/dc1")).contains(new PoolLabel("prod", Pool.LAN, "dc1"));
        assertThat(PoolLabel.parse("prod/wan")).contains(new PoolLabel("prod", Pool.WAN, ""));
        for (String bad : new String[] {"", "prod", "prod/lan", "prod/wan/dc1", "prod/lan/dc1/x", "/lan/dc1",
                "prod/lan/", "prod/LAN/dc1", "prod/mesh/dc1", "pr\uFFFDd/lan/dc1", "prod/lan/d c1", "prod/lan/dc\n"}) {
            assertThat(PoolLabel.parse(bad)).as("'%s'", bad).isEmpty();
        }
        assertThat(PoolLabel.parse(null)).isEmpty();
        assertThat(PoolLabel.parse("prod/lan/dc1")).get().hasToString("prod/lan/dc1");
    }

    /** Each of the refusals, seen from the node that refuses. */
    @Test
    void foreignLabelsAreClassified() {
        PoolGuard client = lan("prod", "dc1", "client");
        PoolGuard server = lan("prod", "dc1", "server");
        PoolGuard wanPool = wan("prod", "dc1");

        // another cluster wins over everything, even with the same datacenter name
        assertThat(client.classify("staging/lan/dc1")).isEqualTo(RefusalReason.FOREIGN_CLUSTER);
        assertThat(client.classify("staging/wan")).isEqualTo(RefusalReason.FOREIGN_CLUSTER);
        assertThat(wanPool.classify("staging/wan")).isEqualTo(RefusalReason.FOREIGN_CLUSTER);
        // a LAN member of another datacenter at a LAN port
        assertThat(client.classify("prod/lan/dc2")).isEqualTo(RefusalReason.FOREIGN_DATACENTER);
        // a LAN member (client, or a server's LAN engine) at a WAN port
        assertThat(wanPool.classify("prod/lan/dc1")).isEqualTo(RefusalReason.NOT_A_WAN_MEMBER);
        assertThat(wanPool.classify("prod/lan/dc2")).isEqualTo(RefusalReason.NOT_A_WAN_MEMBER);
        // a WAN member at a LAN port: of a client, or of a server (whose WAN port is elsewhere)
        assertThat(client.classify("prod/wan")).isEqualTo(RefusalReason.NOT_A_SERVER);
        assertThat(server.classify("prod/wan")).isEqualTo(RefusalReason.SERVER_LAN_PORT);
        // anything else
        assertThat(client.classify("")).isEqualTo(RefusalReason.FOREIGN_LABEL);
        assertThat(client.classify("hello")).isEqualTo(RefusalReason.FOREIGN_LABEL);
        assertThat(client.classify(null)).isEqualTo(RefusalReason.FOREIGN_LABEL);
        PoolGuard custom = new PoolGuard(SwimConfig.builder(Profile.LAN).label("my-own-label").build());
        assertThat(custom.classify("prod/lan/dc2")).isEqualTo(RefusalReason.FOREIGN_LABEL);
    }

    /** With the guard off, only LAN labels of the same cluster come in; nothing does with it on. */
    @Test
    void guardOffLetsOtherDatacentersOfTheClusterIn() {
        PoolGuard g = lan("prod", "dc1", "client");
        assertThat(g.letsIn("prod/lan/dc2")).isFalse();
        g.enabled(false);
        assertThat(g.letsIn("prod/lan/dc2")).isTrue();
        assertThat(g.letsIn("staging/lan/dc2")).isFalse();
        assertThat(g.letsIn("staging/lan/dc1")).isFalse();
        assertThat(g.letsIn("prod/wan")).isFalse();
        assertThat(g.letsIn("prod/lan")).isFalse();
        assertThat(g.letsIn("junk")).isFalse();
        PoolGuard w = wan("prod", "dc1");
        w.enabled(false);
        assertThat(w.letsIn("prod/lan/dc1")).isFalse();
    }

    @Test
    void lanRecordsMustBeOfOurDatacenter() {
        PoolGuard g = lan("prod", "dc1", "client");
        assertThat(g.checkRecord("a", "dc1", "client")).isEmpty();
        assertThat(g.checkRecord("a", "dc1", "server")).isEmpty();
        assertThat(g.checkRecord("a", "dc2", "server")).contains(RefusalReason.FOREIGN_DATACENTER);
        assertThat(g.checkRecord("a", "", "server")).contains(RefusalReason.FOREIGN_DATACENTER);
        g.enabled(false);
        assertThat(g.checkRecord("a", "dc2", "server")).isEmpty();
    }

    @Test
    void wanRecordsMustBeServersNamedNodeDotDatacenter() {
        PoolGuard g = wan("prod", "dc1");
        assertThat(g.checkRecord("s1.dc1", "dc1", "server")).isEmpty();
        assertThat(g.checkRecord("s1.dc2", "dc2", "server")).isEmpty();
        assertThat(g.checkRecord("c1.dc2", "dc2", "client")).contains(RefusalReason.NOT_A_WAN_MEMBER);
        assertThat(g.checkRecord("s1.dc1", "dc2", "server")).contains(RefusalReason.WAN_NAME_MISMATCH);
        assertThat(g.checkRecord("s1", "dc1", "server")).contains(RefusalReason.WAN_NAME_MISMATCH);
        assertThat(g.checkRecord(".dc1", "dc1", "server")).contains(RefusalReason.WAN_NAME_MISMATCH);
        assertThat(g.checkRecord("s1.", "", "server")).contains(RefusalReason.WAN_NAME_MISMATCH);
        g.enabled(false);
        assertThat(g.checkRecord("c1", "dc2", "client")).isEmpty();
    }

    /** A WAN engine that every peer would refuse does not start, unless the guard is off. */
    @Test
    void wanConfigOfANonServerOrMisnamedNodeIsRefused() {
        SwimConfig.Builder b = SwimConfig.builder(Profile.WAN).pool(Pool.WAN).datacenter("dc1");
        assertThatThrownBy(() -> new PoolGuard(b.name("c1.dc1").role("client").build()).checkOwnConfig())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NOT_A_WAN_MEMBER");
        assertThatThrownBy(() -> new PoolGuard(b.name("s1").role("server").build()).checkOwnConfig())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<node>.<datacenter>");
        new PoolGuard(b.name("s1.dc1").role("server").build()).checkOwnConfig();
        new PoolGuard(b.name("s1").role("server").guard(false).build()).checkOwnConfig();
        new PoolGuard(SwimConfig.builder(Profile.LAN).name("s1").role("client").build()).checkOwnConfig();
    }

    @Test
    void describesItselfAndMapsShedReasons() {
        assertThat(lan("prod", "dc1", "client").describeSelf())
                .isEqualTo("n1 (cluster prod, pool lan, datacenter dc1, role client)");
        PoolGuard longNames = new PoolGuard(SwimConfig.builder(Profile.LAN).name("n".repeat(200))
                .cluster("c".repeat(100)).build());
        assertThat(longNames.describeSelf().getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(255);
        assertThat(PoolGuard.leftReason(RefusalReason.FOREIGN_DATACENTER)).isEqualTo(MemberLeft.Reason.FOREIGN_DATACENTER);
        assertThat(PoolGuard.leftReason(RefusalReason.NOT_A_WAN_MEMBER)).isEqualTo(MemberLeft.Reason.NOT_A_WAN_MEMBER);
        assertThat(PoolGuard.leftReason(RefusalReason.WAN_NAME_MISMATCH)).isEqualTo(MemberLeft.Reason.NOT_A_WAN_MEMBER);
    }

    @Test
    void reasonCodesAreStableAndUnknownCodesReadAsForeignLabel() {
        assertThat(RefusalReason.values()).extracting(RefusalReason::code).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(RefusalReason.ofCode(2)).isEqualTo(RefusalReason.FOREIGN_DATACENTER);
        assertThat(RefusalReason.ofCode(0)).isEqualTo(RefusalReason.FOREIGN_LABEL);
        assertThat(RefusalReason.ofCode(200)).isEqualTo(RefusalReason.FOREIGN_LABEL);
        assertThat(Optional.of(RefusalReason.SERVER_LAN_PORT.description())).get().asString().contains("WAN port");
    }
}
