package io.gossamer.swim.core;

import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.Message.Ack;
import io.gossamer.swim.wire.Message.Alive;
import io.gossamer.swim.wire.Message.NetworkCoordinate;
import io.gossamer.swim.wire.Message.Ping;
import io.gossamer.swim.wire.NodeAddress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Coordinates ride in front of acks, and a direct probe's ack moves the prober's. */
class NetworkCoordinatesTest {

    static final NodeAddress SELF = new NodeAddress("10.0.0.1", 7946);
    static final NodeAddress B = new NodeAddress("10.0.0.2", 7946);
    static final NetworkCoordinate FAR = new NetworkCoordinate(new float[] {0.05f, 0, 0, 0, 0, 0, 0, 0}, 0.2f, 0,
            0.001f);

    /** A recorder whose fine clock the test sets. */
    static final class Clocked extends SwimCoreTest.Recorder {
        long nanos;

        @Override
        public long nanoTime() {
            return nanos;
        }
    }

    private static SwimCore core(Clocked out, boolean disabled) {
        SwimConfig config = SwimConfig.builder(Profile.LAN).name("a").advertise(SELF).disableCoordinates(disabled)
                .build();
        SwimCore core = new SwimCore(config, new SplittableRandom(3), out);
        core.start(0, 0);
        core.handlePacket(0, B, List.of(new Alive("b", 5, 1, B, "dc1", "client", Map.of())));
        return core;
    }

    /** Our ack to a direct ping carries our coordinate first; without coordinates, the ack alone. */
    @Test
    void acksCarryTheCoordinateFirst() {
        Clocked on = new Clocked();
        core(on, false).handlePacket(0, B, List.of(new Ping(9, "a")));
        assertThat(on.sentTo(B)).first().isInstanceOf(NetworkCoordinate.class);
        assertThat(on.sentTo(B).get(1)).isEqualTo(new Ack(9));
        Clocked off = new Clocked();
        core(off, true).handlePacket(0, B, List.of(new Ping(9, "a")));
        assertThat(off.sentTo(B)).noneMatch(m -> m instanceof NetworkCoordinate).contains(new Ack(9));
    }

    /** Runs the core until it pings, and returns that ping. */
    private static Ping firstPing(SwimCore core, Clocked out) {
        while (out.packets.stream().noneMatch(p -> p.messages().stream().anyMatch(m -> m instanceof Ping))) {
            core.handleTimers(core.nextDeadline());
        }
        return (Ping) out.allSent().stream().filter(m -> m instanceof Ping).findFirst().orElseThrow();
    }

    /**
     * The ack of our direct probe, 50 ms after the ping and with the target's coordinate, moves our
     * coordinate towards that round trip and records the target's.
     */
    @Test
    void aDirectProbesAckMovesTheCoordinate() {
        Clocked out = new Clocked();
        SwimCore core = core(out, false);
        Ping ping = firstPing(core, out);
        out.nanos += 50_000_000L;
        core.handlePacket(0, B, List.<Message>of(FAR, new Ack(ping.seq())));
        assertThat(core.coordinates()).containsOnlyKeys("a", "b");
        double estimate = core.coordinates().get("a").distanceTo(core.coordinates().get("b")).toNanos() / 1e9;
        assertThat(estimate).as("estimate after one 50 ms sample").isGreaterThan(0.002);
        assertThat(core.coordinatesVersion()).isEqualTo(1);
    }

    /** An ack from another address than the target's (a relay's, a forger's) moves nothing. */
    @Test
    void anAckFromElsewhereMovesNothing() {
        Clocked out = new Clocked();
        SwimCore core = core(out, false);
        Ping ping = firstPing(core, out);
        out.nanos += 50_000_000L;
        core.handlePacket(0, new NodeAddress("10.0.0.9", 7946), List.<Message>of(FAR, new Ack(ping.seq())));
        assertThat(core.coordinates()).containsOnlyKeys("a");
        assertThat(core.coordinatesVersion()).isZero();
    }
}
