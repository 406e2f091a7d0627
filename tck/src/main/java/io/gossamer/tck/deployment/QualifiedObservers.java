package io.gossamer.tck.deployment;

import io.gossamer.InDatacenter;
import io.gossamer.InPool;
import io.gossamer.MembershipEvent;
import io.gossamer.Pool;
import io.gossamer.tck.support.EventLog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Observers narrowed by {@code @InPool} and {@code @InDatacenter}, each with its own log. */
@ApplicationScoped
public class QualifiedObservers {

    /** The datacenter the qualifier scenario configures on the deployment and its peers. */
    public static final String DATACENTER = "tck-dc";

    private final EventLog lan = new EventLog("@InPool(LAN) observer");
    private final EventLog wan = new EventLog("@InPool(WAN) observer");
    private final EventLog here = new EventLog("@InDatacenter(\"" + DATACENTER + "\") observer");
    private final EventLog elsewhere = new EventLog("@InDatacenter(\"elsewhere\") observer");
    private final EventLog both = new EventLog("@InPool(LAN) @InDatacenter(\"" + DATACENTER + "\") observer");

    void onLan(@Observes @InPool(Pool.LAN) MembershipEvent event) {
        lan.record(event);
    }

    void onWan(@Observes @InPool(Pool.WAN) MembershipEvent event) {
        wan.record(event);
    }

    void onHere(@Observes @InDatacenter(DATACENTER) MembershipEvent event) {
        here.record(event);
    }

    void onElsewhere(@Observes @InDatacenter("elsewhere") MembershipEvent event) {
        elsewhere.record(event);
    }

    void onBoth(@Observes @InPool(Pool.LAN) @InDatacenter(DATACENTER) MembershipEvent event) {
        both.record(event);
    }

    public EventLog lan() {
        return lan;
    }

    public EventLog wan() {
        return wan;
    }

    public EventLog here() {
        return here;
    }

    public EventLog elsewhere() {
        return elsewhere;
    }

    public EventLog both() {
        return both;
    }
}
