package io.gossamer.swim;

import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.metrics.MeasurementListener;
import io.gossamer.swim.wire.NodeAddress;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.IntFunction;

/**
 * How a {@link SwimNode} binds and runs, as opposed to {@link SwimConfig}, which is the protocol.
 * Immutable; start from {@link #defaults()} or {@link #builder()}.
 *
 * @param bindHost          IP literal that UDP and TCP bind to; {@code 0.0.0.0} or {@code ::} for
 *                          all interfaces
 * @param bindPort          port for both UDP and TCP; 0 picks a free port for both
 * @param advertiseHost     address announced to peers; empty means the bind host or, when binding
 *                          all interfaces, this host's address (see {@link #advertised()})
 * @param advertisePort     port announced to peers; empty means the bound port
 * @param vertx             an application's Vert.x to run on; empty makes the node create its own
 *                          (one event loop) and close it when the node closes. A supplied one is
 *                          never closed by the node.
 * @param joinAttempts      how many times {@link SwimNode#join} tries before failing, at least 1
 *                          ({@link SwimNode#joinUntilJoined} tries until it has joined)
 * @param joinBackoff       wait after the first failed join attempt; it doubles after each one,
 *                          and each wait is shortened at random by up to a half
 * @param joinMaxBackoff    the longest wait between join attempts
 * @param joinRefusedBackoff wait after the first refused attempt of {@link SwimNode#joinUntilJoined}
 *                          (a seed of another pool: a configuration must change before a retry can
 *                          succeed, so refusals are retried more slowly than silence); it doubles
 *                          after each refusal. Each wait is shortened at random by up to a fifth,
 *                          so that nodes refused together do not retry together
 * @param joinRefusedMaxBackoff the longest wait after a refused attempt, at least
 *                          {@code joinRefusedBackoff}
 * @param maxInboundStreams incoming TCP streams served at once; as many more wait their turn
 *                          unread (a join storm through one seed queues up rather than fails), each
 *                          within its TCP timeout counted from the connection, and beyond those a
 *                          stream is closed at once: the peer's attempt fails within a round trip
 *                          and {@link SwimNode#join} retries it after a jittered backoff
 * @param maxInboundStreamBytes heap all incoming streams may take at once for their requests
 *                          while they arrive, counted as allocated (the capacity of the buffers,
 *                          which is at most twice what arrived, a frame's pieces together
 *                          with the copy that joins them, and a sealed frame together with the
 *                          plaintext it opens to), not as received. A request announcing
 *                          more than half of it is refused as soon as its length is read; a stream
 *                          whose next buffer would take the total beyond it is closed. Both are
 *                          counted as {@code TOO_LARGE} drops. Without it, 128 streams announcing
 *                          16 MiB each could make the node hold 2 GiB of what may turn out to be
 *                          garbage (a sealed frame is authenticated only once complete). The
 *                          default, 16 MiB, leaves room for the node in the recommended
 *                          {@code -Xmx64m}. Keep it above twice the largest push-pull of the pool
 *                          (about 80 bytes per member: 16 MiB takes 100,000 members); at least
 *                          64 KiB. The replies to the streams this node opens (push-pull, join,
 *                          TCP probes, key operations) have a budget of their own, as large and
 *                          counted the same way, so that any state taken as a request is taken as
 *                          a reply: all streams together take at most twice this
 * @param closeTimeout      how long the blocking {@link SwimNode#close()} waits
 * @param randomSeed        seed of the protocol's randomness, for reproducible runs; empty seeds
 *                          it at random
 * @param listeners         listeners registered before the node starts, so they see every event,
 *                          the local member's own {@code MemberJoined} included
 * @param measurements      receives the measurements the node takes one at a time (probe round
 *                          trips), for a metrics system's histograms; {@link MeasurementListener#NONE}
 *                          by default
 */
public record SwimNodeOptions(
        String bindHost,
        int bindPort,
        Optional<String> advertiseHost,
        OptionalInt advertisePort,
        Optional<Vertx> vertx,
        int joinAttempts,
        Duration joinBackoff,
        Duration joinMaxBackoff,
        Duration joinRefusedBackoff,
        Duration joinRefusedMaxBackoff,
        int maxInboundStreams,
        long maxInboundStreamBytes,
        Duration closeTimeout,
        OptionalLong randomSeed,
        List<MembershipListener> listeners,
        MeasurementListener measurements) {

    /**
     * Default {@link #maxInboundStreamBytes()}: 16 MiB, a quarter of the recommended heap
     * ({@code -Xmx64m}), so that an attacker filling it leaves the node (about 7 MB live) room.
     */
    public static final long DEFAULT_MAX_INBOUND_STREAM_BYTES = 16L * 1024 * 1024;
    /** Smallest {@link #maxInboundStreamBytes()} allowed. */
    public static final long MIN_INBOUND_STREAM_BYTES = 64 * 1024;

    public SwimNodeOptions {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(advertiseHost, "advertiseHost");
        Objects.requireNonNull(advertisePort, "advertisePort");
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(joinBackoff, "joinBackoff");
        Objects.requireNonNull(joinMaxBackoff, "joinMaxBackoff");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        Objects.requireNonNull(randomSeed, "randomSeed");
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(measurements, "measurements");
        if (bindHost.isEmpty()) {
            throw new IllegalArgumentException("bindHost must not be empty");
        }
        if (bindPort < 0 || bindPort > 65_535) {
            throw new IllegalArgumentException("bindPort must be in [0, 65535]: " + bindPort);
        }
        if (advertiseHost.filter(String::isEmpty).isPresent()) {
            throw new IllegalArgumentException("advertiseHost must not be empty");
        }
        if (advertisePort.isPresent() && (advertisePort.getAsInt() < 1 || advertisePort.getAsInt() > 65_535)) {
            throw new IllegalArgumentException("advertisePort must be in [1, 65535]: " + advertisePort.getAsInt());
        }
        if (joinAttempts < 1) {
            throw new IllegalArgumentException("joinAttempts must be >= 1: " + joinAttempts);
        }
        if (joinBackoff.isNegative() || joinMaxBackoff.compareTo(joinBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= joinBackoff <= joinMaxBackoff: " + joinBackoff
                    + ", " + joinMaxBackoff);
        }
        Objects.requireNonNull(joinRefusedBackoff, "joinRefusedBackoff");
        Objects.requireNonNull(joinRefusedMaxBackoff, "joinRefusedMaxBackoff");
        if (joinRefusedBackoff.isNegative() || joinRefusedBackoff.isZero()
                || joinRefusedMaxBackoff.compareTo(joinRefusedBackoff) < 0) {
            throw new IllegalArgumentException("need 0 < joinRefusedBackoff <= joinRefusedMaxBackoff: "
                    + joinRefusedBackoff + ", " + joinRefusedMaxBackoff);
        }
        if (maxInboundStreams < 1) {
            throw new IllegalArgumentException("maxInboundStreams must be >= 1: " + maxInboundStreams);
        }
        if (maxInboundStreamBytes < MIN_INBOUND_STREAM_BYTES) {
            throw new IllegalArgumentException("maxInboundStreamBytes must be >= " + MIN_INBOUND_STREAM_BYTES + ": "
                    + maxInboundStreamBytes);
        }
        if (closeTimeout.isNegative() || closeTimeout.isZero()) {
            throw new IllegalArgumentException("closeTimeout must be positive: " + closeTimeout);
        }
    }

    /** Whether binding {@code host} binds every interface: {@code 0.0.0.0} or {@code ::}. */
    public static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    /**
     * The one decision of the address announced to peers: {@link #advertiseHost()}, else the bind
     * host or, when binding every interface, this host's address (the first site-local IPv4
     * address of an interface that is up, else any non-loopback IPv4 one, else the host's, as
     * memberlist does); and {@link #advertisePort()}, else the bound port. The host is decided
     * now (this may list the network interfaces), the port once it is bound.
     *
     * @return the announced address, given the bound port
     */
    public IntFunction<NodeAddress> advertised() {
        String host = advertiseHost.orElseGet(() -> isWildcard(bindHost) ? HostAddress.detect() : bindHost);
        return boundPort -> new NodeAddress(host, advertisePort.orElse(boundPort));
    }

    /**
     * All interfaces on port 7950, own Vert.x, 5 join attempts backing off from 1 s to 30 s
     * (refused ones of {@link SwimNode#joinUntilJoined} from 30 s to 5 min),
     * 128 inbound streams holding at most 16 MiB together, 10 s close timeout.
     */
    public static SwimNodeOptions defaults() {
        return builder().build();
    }

    /** A builder preloaded with {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.bindHost = bindHost;
        b.bindPort = bindPort;
        b.advertiseHost = advertiseHost;
        b.advertisePort = advertisePort;
        b.vertx = vertx;
        b.joinAttempts = joinAttempts;
        b.joinBackoff = joinBackoff;
        b.joinMaxBackoff = joinMaxBackoff;
        b.joinRefusedBackoff = joinRefusedBackoff;
        b.joinRefusedMaxBackoff = joinRefusedMaxBackoff;
        b.maxInboundStreams = maxInboundStreams;
        b.maxInboundStreamBytes = maxInboundStreamBytes;
        b.closeTimeout = closeTimeout;
        b.randomSeed = randomSeed;
        b.listeners = new ArrayList<>(listeners);
        b.measurements = measurements;
        return b;
    }

    /** Mutable builder of {@link SwimNodeOptions}. */
    public static final class Builder {
        private String bindHost = "0.0.0.0";
        private int bindPort = SwimConfig.DEFAULT_LAN_PORT;
        private Optional<String> advertiseHost = Optional.empty();
        private OptionalInt advertisePort = OptionalInt.empty();
        private Optional<Vertx> vertx = Optional.empty();
        private int joinAttempts = 5;
        private Duration joinBackoff = Duration.ofSeconds(1);
        private Duration joinMaxBackoff = Duration.ofSeconds(30);
        private Duration joinRefusedBackoff = Duration.ofSeconds(30);
        private Duration joinRefusedMaxBackoff = Duration.ofMinutes(5);
        private int maxInboundStreams = 128;
        private long maxInboundStreamBytes = DEFAULT_MAX_INBOUND_STREAM_BYTES;
        private Duration closeTimeout = Duration.ofSeconds(10);
        private OptionalLong randomSeed = OptionalLong.empty();
        private List<MembershipListener> listeners = new ArrayList<>();
        private MeasurementListener measurements = MeasurementListener.NONE;

        private Builder() {
        }

        public Builder bindHost(String v) { bindHost = v; return this; }
        public Builder bindPort(int v) { bindPort = v; return this; }
        public Builder advertiseHost(String v) { advertiseHost = Optional.of(v); return this; }
        public Builder advertisePort(int v) { advertisePort = OptionalInt.of(v); return this; }
        public Builder vertx(Vertx v) { vertx = Optional.of(v); return this; }
        public Builder joinAttempts(int v) { joinAttempts = v; return this; }
        public Builder joinBackoff(Duration v) { joinBackoff = v; return this; }
        public Builder joinMaxBackoff(Duration v) { joinMaxBackoff = v; return this; }
        public Builder joinRefusedBackoff(Duration v) { joinRefusedBackoff = v; return this; }
        public Builder joinRefusedMaxBackoff(Duration v) { joinRefusedMaxBackoff = v; return this; }
        public Builder maxInboundStreams(int v) { maxInboundStreams = v; return this; }
        public Builder maxInboundStreamBytes(long v) { maxInboundStreamBytes = v; return this; }
        public Builder closeTimeout(Duration v) { closeTimeout = v; return this; }
        public Builder randomSeed(long v) { randomSeed = OptionalLong.of(v); return this; }
        public Builder listener(MembershipListener v) { listeners.add(Objects.requireNonNull(v)); return this; }
        public Builder measurements(MeasurementListener v) { measurements = Objects.requireNonNull(v); return this; }

        public SwimNodeOptions build() {
            return new SwimNodeOptions(bindHost, bindPort, advertiseHost, advertisePort, vertx, joinAttempts, joinBackoff,
                    joinMaxBackoff, joinRefusedBackoff, joinRefusedMaxBackoff, maxInboundStreams, maxInboundStreamBytes,
                    closeTimeout, randomSeed, listeners, measurements);
        }
    }
}
