package io.gossamer.tck.lifecycle;

import io.gossamer.InPool;
import io.gossamer.MemberJoined;
import io.gossamer.MemberState;
import io.gossamer.Membership;
import io.gossamer.Pool;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.TckTiming;

import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deployment is a client (the default role): its WAN Membership bean exists and refuses everything. */
@ExtendWith(ArquillianExtension.class)
public class WanMembershipOnClientTest {

    private static final TckTiming TIMING = TckTiming.standard();

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("wan-on-client", Deployments.node("wan-on-client", TIMING),
                RecordingObserver.class, UnusableMembership.class);
    }

    @Inject
    Membership membership;

    @Inject
    @InPool(Pool.WAN)
    Membership wan;

    @Inject
    RecordingObserver observer;

    /**
     * [membership-wan-on-client] On a client every method of the {@code @InPool(WAN)} Membership
     * bean fails with IllegalStateException, and the LAN pool runs on untouched.
     */
    @Test
    public void theWanBeanOfAClientRefusesEverything() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        UnusableMembership.assertEveryMethodFails(wan, "the WAN Membership bean of a client", TIMING.local());

        assertEquals(MemberState.ALIVE, membership.localMember().state(), "the LAN pool's local member");
        assertTrue(observer.log().events().stream().allMatch(e -> e.pool() == Pool.LAN),
                "events of a client outside its LAN pool: " + observer.log());
    }
}
