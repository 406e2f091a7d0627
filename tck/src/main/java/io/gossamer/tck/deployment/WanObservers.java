package io.gossamer.tck.deployment;

import io.gossamer.InDatacenter;
import io.gossamer.InPool;
import io.gossamer.MembershipEvent;
import io.gossamer.Pool;
import io.gossamer.tck.support.EventLog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Observers of a server's WAN pool, which spans datacenters: narrowed to the WAN pool, and to
 * each of the two datacenters of the WAN qualifier scenario.
 */
@ApplicationScoped
public class WanObservers {

    /** The deployment's datacenter in the WAN qualifier scenario. */
    public static final String HOME = "tck-home";
    /** The peer's datacenter in the WAN qualifier scenario. */
    public static final String AWAY = "tck-away";

    private final EventLog wan = new EventLog("@InPool(WAN) observer");
    private final EventLog home = new EventLog("@InPool(WAN) @InDatacenter(\"" + HOME + "\") observer");
    private final EventLog away = new EventLog("@InPool(WAN) @InDatacenter(\"" + AWAY + "\") observer");
    private final EventLog lanAway = new EventLog("@InPool(LAN) @InDatacenter(\"" + AWAY + "\") observer");

    void onWan(@Observes @InPool(Pool.WAN) MembershipEvent event) {
        wan.record(event);
    }

    void onHome(@Observes @InPool(Pool.WAN) @InDatacenter(HOME) MembershipEvent event) {
        home.record(event);
    }

    void onAway(@Observes @InPool(Pool.WAN) @InDatacenter(AWAY) MembershipEvent event) {
        away.record(event);
    }

    void onLanAway(@Observes @InPool(Pool.LAN) @InDatacenter(AWAY) MembershipEvent event) {
        lanAway.record(event);
    }

    public EventLog wan() {
        return wan;
    }

    public EventLog home() {
        return home;
    }

    public EventLog away() {
        return away;
    }

    public EventLog lanAway() {
        return lanAway;
    }
}
