package io.gossamer.tck;

import io.gossamer.GossamerConfig;
import io.gossamer.InPool;
import io.gossamer.Member;
import io.gossamer.MemberJoined;
import io.gossamer.MemberState;
import io.gossamer.Membership;
import io.gossamer.MembershipEvent;
import io.gossamer.Pool;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.TckPeer;
import io.gossamer.tck.support.TckTiming;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A deployment alone, with tags and the default datacenter and role: its node starts, announces its
 * own join, and shows itself in the view; then a peer joins, seen by both LAN beans.
 */
@ExtendWith(ArquillianExtension.class)
public class LocalJoinTest {

    private static final TckTiming TIMING = TckTiming.standard();

    @Deployment
    public static WebArchive deployment() {
        // No datacenter and no role: the defaults are under test.
        return Deployments.war("local-join", Deployments.node("local-join", TIMING, Map.of(
                GossamerConfig.TAGS_PREFIX + "zone", "eu-1", GossamerConfig.TAGS_PREFIX + "rack", "r7")),
                RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    @InPool(Pool.LAN)
    Membership lan;

    @Inject
    BeanManager beanManager;

    @Inject
    RecordingObserver observer;

    /** [events-local-join] The first event about the local member is its join, ALIVE, with no previous state. */
    @Test
    public void theLocalJoinIsTheFirstEventAboutTheLocalMember() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        List<MembershipEvent> own = observer.log().about(Deployments.NODE_NAME);
        MembershipEvent first = own.get(0);
        assertTrue(first instanceof MemberJoined, "first event about the local member: " + first);
        assertTrue(first.previousState().isEmpty(), "previous state of the local join: " + first.previousState());
        assertEquals(MemberState.ALIVE, first.member().state());
        assertEquals(Pool.LAN, first.pool());
        assertEquals(1, observer.log().about(Deployments.NODE_NAME, MemberJoined.class).size(),
                "local joins received: " + observer.log());
    }

    /** [membership-local] The local member is ALIVE, named as configured, and part of {@code members()}. */
    @Test
    public void theLocalMemberIsAliveAndInTheView() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        Member local = membership.localMember();
        assertEquals(Deployments.NODE_NAME, local.name());
        assertEquals(MemberState.ALIVE, local.state());
        assertEquals("127.0.0.1", local.address());
        assertTrue(local.port() > 0, "advertised port " + local.port());
        assertTrue(local.cluster().startsWith("tck-local-join-"), "cluster " + local.cluster());
        assertTrue(membership.members().stream().anyMatch(m -> m.name().equals(local.name())),
                "members() without the local member: " + membership.members());
        assertEquals(local.name(), membership.member(local.name()).orElseThrow().name());
        assertTrue(membership.aliveMembers().stream().anyMatch(m -> m.name().equals(local.name())));
    }

    /**
     * [config-identity] Without {@code gossamer.datacenter} and {@code gossamer.role} the local member
     * is in datacenter {@code dc1}, a client; its tags are the configured {@code gossamer.tags.*}.
     */
    @Test
    public void theLocalMemberHasTheDefaultIdentityAndTheConfiguredTags() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        Member local = membership.localMember();
        assertEquals("dc1", local.datacenter(), "default datacenter");
        assertEquals("client", local.role(), "default role");
        assertEquals(Map.of("zone", "eu-1", "rack", "r7"), local.tags(), "tags of " + local);
        MemberJoined join = observer.log().about(Deployments.NODE_NAME, MemberJoined.class).get(0);
        assertEquals(local.tags(), join.member().tags(), "tags in the local join " + join);
        assertEquals("dc1", join.member().datacenter());
    }

    /**
     * [membership-beans] The {@code @Default} and {@code @InPool(LAN)} {@code Membership} beans are
     * application-scoped and show the same view: the same local member, the same members, a peer's
     * join in both.
     */
    @Test
    public void theDefaultAndTheLanMembershipShowTheSameView() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        for (Annotation qualifier : List.of(Default.Literal.INSTANCE, InPool.Literal.of(Pool.LAN))) {
            Bean<?> bean = beanManager.resolve(beanManager.getBeans(Membership.class, qualifier));
            assertEquals(ApplicationScoped.class, bean.getScope(), "scope of the " + qualifier + " Membership");
        }
        assertEquals(membership.localMember(), lan.localMember());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer peer = peers.startAndJoin("peer", lan, TIMING);
            observer.log().awaitEvent(MemberJoined.class, peer.name(), TIMING.dissemination(2));
            assertEquals(names(membership.members()), names(lan.members()));
            assertEquals(List.of(Deployments.NODE_NAME, peer.name()), names(lan.members()));
            assertEquals(membership.member(peer.name()), lan.member(peer.name()));
            assertEquals(membership.localMember().name(), lan.localMember().name());
        }
    }

    private static List<String> names(List<Member> members) {
        return members.stream().map(Member::name).sorted().toList();
    }
}
