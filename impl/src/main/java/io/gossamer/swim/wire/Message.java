package io.gossamer.swim.wire;

import io.gossamer.KeyResponse;
import io.gossamer.MemberState;
import io.gossamer.RefusalReason;
import io.gossamer.swim.security.Keyring;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every message of the protocol. Datagrams carry one or more of them; streams carry exactly one
 * request and one reply. Each message's wire type id is fixed forever (see {@link MessageType}).
 *
 * <p>A message that can change a member's state names the member's
 * instance by its generation (chosen when the instance starts, later starts choosing larger ones),
 * so news about one instance never applies to another instance of the same name; the incarnation
 * orders news within one instance.
 */
public sealed interface Message {

    /** Direct probe of {@code target}; answered with an {@link Ack} carrying the same sequence number. */
    record Ping(long seq, String target) implements Message {
        public Ping {
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * Asks the receiver to probe {@code target} at {@code targetAddress} on the sender's behalf and
     * forward the ack (same {@code seq}); if {@code wantNack}, a {@link Nack} is sent when the
     * target stays silent, so the sender can tell a lossy relay path from a dead target.
     */
    record IndirectPing(long seq, String target, NodeAddress targetAddress, boolean wantNack) implements Message {
        public IndirectPing {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(targetAddress, "targetAddress");
        }
    }

    /** Answers a {@link Ping} or forwards a relayed ack. */
    record Ack(long seq) implements Message {
    }

    /** A relay's report that the target of an {@link IndirectPing} did not answer in time. */
    record Nack(long seq) implements Message {
    }

    /**
     * Announces instance {@code generation} of {@code name} alive at {@code incarnation}, with its
     * address and metadata.
     */
    record Alive(String name, long generation, long incarnation, NodeAddress address, String datacenter, String role,
                 Map<String, String> tags) implements Message {
        public Alive {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(datacenter, "datacenter");
            Objects.requireNonNull(role, "role");
            tags = Map.copyOf(Objects.requireNonNull(tags, "tags"));
        }
    }

    /** {@code from} suspects instance {@code generation} of {@code name} at {@code incarnation}. */
    record Suspect(String name, long generation, long incarnation, String from) implements Message {
        public Suspect {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(from, "from");
        }
    }

    /**
     * {@code from} declares instance {@code generation} of {@code name} dead at {@code incarnation}.
     * When {@code from} equals {@code name}, the member is announcing its own graceful departure:
     * receivers record LEFT.
     */
    record Dead(String name, long generation, long incarnation, String from) implements Message {
        public Dead {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(from, "from");
        }

        public boolean isLeave() {
            return name.equals(from);
        }
    }

    /**
     * Full state exchange over a stream (anti-entropy and join). The reply is a PushPull too. It
     * also carries the sender's recent cluster events, so that a member that missed one catches up
     * (Serf's event buffer in its push-pull).
     */
    record PushPull(boolean join, List<MemberRecord> members, List<UserEvent> events) implements Message {
        public PushPull {
            members = List.copyOf(Objects.requireNonNull(members, "members"));
            events = List.copyOf(Objects.requireNonNull(events, "events"));
        }

        /** A state exchange without events. */
        public PushPull(boolean join, List<MemberRecord> members) {
            this(join, members, List.of());
        }
    }

    /** One member's entry in a {@link PushPull}. */
    record MemberRecord(String name, NodeAddress address, String datacenter, String role,
                        Map<String, String> tags, long generation, long incarnation, MemberState state) {
        public MemberRecord {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(datacenter, "datacenter");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(state, "state");
            tags = Map.copyOf(Objects.requireNonNull(tags, "tags"));
        }
    }

    /**
     * Instance {@code generation} of {@code name}, at {@code incarnation}, has been force-left and
     * is to be forgotten (Serf's {@code force-leave -prune}): receivers record it LEFT if they have
     * not, then hide it from their view. A later incarnation of the member (it came back) is a new member.
     */
    record Forget(String name, long generation, long incarnation) implements Message {
        public Forget {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * The cluster-mixing guard refused the sender: its label (or, for a join, its state) says it
     * is not in the receiver's pool. Written with the refused peer's own label, so that the peer's
     * decoder accepts it: as the reply on a stream, or in a datagram (rate-limited, never larger
     * than the datagram it answers). {@code detail} is for people: who refused (name, cluster,
     * pool, datacenter, role), at most 255 bytes of UTF-8, printable.
     */
    record Refuse(RefusalReason reason, String detail) implements Message {
        public Refuse {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * An application's cluster event, gossiped like news until every member has it. Instance
     * {@code generation} of {@code origin} sent it at Lamport time {@code ltime}; {@code previous} is
     * the Lamport time of the event that instance sent before it (0 for its first), so that a
     * receiver can tell a missing predecessor and keep the origin's order.
     *
     * @param payload  the application's bytes; never shown by {@link #toString()}, which gives its size
     * @param coalesce whether receivers that coalesce may deliver only the latest event of this name
     */
    record UserEvent(String origin, long generation, long ltime, long previous, String name, byte[] payload,
                     boolean coalesce) implements Message {
        public UserEvent {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(name, "name");
            payload = Objects.requireNonNull(payload, "payload").clone();
            if (previous < 0 || previous >= ltime) {
                throw new IllegalArgumentException("previous Lamport time " + previous + " must lie in 0.." + (ltime - 1));
            }
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        /** The payload's length, without a copy. */
        public int payloadLength() {
            return payload.length;
        }

        /** The key of this event in a dissemination queue: origin and Lamport time, unique. */
        public String key() {
            return origin + ' ' + ltime;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UserEvent e && e.origin.equals(origin) && e.generation == generation
                    && e.ltime == ltime && e.previous == previous && e.name.equals(name)
                    && Arrays.equals(e.payload, payload) && e.coalesce == coalesce;
        }

        @Override
        public int hashCode() {
            return Objects.hash(origin, generation, ltime, name);
        }

        @Override
        public String toString() {
            return "UserEvent[" + name + " from " + origin + "@" + generation + " at " + ltime + " after " + previous
                    + ", " + payload.length + " bytes" + (coalesce ? ", coalesce" : "") + "]";
        }
    }

    /**
     * An application's query (Serf's), gossiped like an event: instance {@code generation} of
     * {@code origin} asks it at Lamport time {@code ltime}. Members that match the filters (every
     * name in {@code nodes} if any, and every tag's pattern found in the member's tag value, a
     * missing tag reading as empty) deliver it, acknowledge it if {@code ack}, and may answer
     * within {@code timeoutMs}; every answer goes to {@code replyTo}, and through
     * {@code relayFactor} other members as well.
     *
     * @param payload never shown by {@link #toString()}, which gives its size
     */
    record Query(String origin, long generation, NodeAddress replyTo, long ltime, long timeoutMs, boolean ack,
                 int relayFactor, List<String> nodes, Map<String, String> tags, String name, byte[] payload)
            implements Message {
        public Query {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(replyTo, "replyTo");
            Objects.requireNonNull(name, "name");
            nodes = List.copyOf(nodes);
            tags = Map.copyOf(tags);
            payload = Objects.requireNonNull(payload, "payload").clone();
            if (ltime < 1 || timeoutMs < 1 || relayFactor < 0 || relayFactor > 255) {
                throw new IllegalArgumentException("ltime and timeout must be positive, relay factor 0..255");
            }
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        /** The payload's length, without a copy. */
        public int payloadLength() {
            return payload.length;
        }

        /** The key of this query in a dissemination queue and among those seen: origin and Lamport time. */
        public String key() {
            return "?" + origin + ' ' + ltime;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Query q && q.origin.equals(origin) && q.generation == generation
                    && q.replyTo.equals(replyTo) && q.ltime == ltime && q.timeoutMs == timeoutMs && q.ack == ack
                    && q.relayFactor == relayFactor && q.nodes.equals(nodes) && q.tags.equals(tags)
                    && q.name.equals(name) && Arrays.equals(q.payload, payload);
        }

        @Override
        public int hashCode() {
            return Objects.hash(origin, generation, ltime, name);
        }

        @Override
        public String toString() {
            return "Query[" + name + " from " + origin + "@" + generation + " at " + ltime + ", " + payload.length
                    + " bytes, " + timeoutMs + " ms" + (ack ? ", ack" : "") + ", relay " + relayFactor
                    + (nodes.isEmpty() ? "" : ", nodes " + nodes) + (tags.isEmpty() ? "" : ", tags " + tags.keySet())
                    + "]";
        }
    }

    /**
     * {@code from}'s acknowledgement ({@code ack}, no payload) or answer to the query that
     * {@code origin} asked at {@code ltime}; sent to the asker directly, and through relays.
     */
    record QueryResponse(String origin, long ltime, String from, boolean ack, byte[] payload) implements Message {
        public QueryResponse {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(from, "from");
            payload = Objects.requireNonNull(payload, "payload").clone();
            if (ack && payload.length > 0) {
                throw new IllegalArgumentException("an acknowledgement carries no payload");
            }
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        /** The payload's length, without a copy. */
        public int payloadLength() {
            return payload.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof QueryResponse r && r.origin.equals(origin) && r.ltime == ltime && r.from.equals(from)
                    && r.ack == ack && Arrays.equals(r.payload, payload);
        }

        @Override
        public int hashCode() {
            return Objects.hash(origin, ltime, from, ack);
        }

        @Override
        public String toString() {
            return "QueryResponse[" + (ack ? "ack" : payload.length + " bytes") + " from " + from + " to " + origin
                    + "'s query at " + ltime + "]";
        }
    }

    /**
     * Asks the receiver to pass {@code response} on to {@code to}, the asker's address: a second
     * path for an answer, should the direct one lose it (Serf's relay factor). A receiver passes it
     * on only to the address its view holds for the asker, so no one can bounce datagrams off it.
     */
    record Relay(NodeAddress to, QueryResponse response) implements Message {
        public Relay {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(response, "response");
        }
    }

    /**
     * The sender's network coordinate (Vivaldi), sent in front of the ack that answers a direct
     * ping, so that the prober can place itself by the round trip. Single precision on the wire:
     * seconds to seven digits are far finer than any round trip varies.
     *
     * @param vector the point, in seconds (1 to 16 dimensions)
     */
    record NetworkCoordinate(float[] vector, float error, float adjustment, float height) implements Message {
        /** Most dimensions a coordinate may have on the wire. */
        public static final int MAX_DIMENSIONS = 16;

        public NetworkCoordinate {
            vector = Objects.requireNonNull(vector, "vector").clone();
            if (vector.length < 1 || vector.length > MAX_DIMENSIONS) {
                throw new IllegalArgumentException("a coordinate has 1 to " + MAX_DIMENSIONS + " dimensions, not "
                        + vector.length);
            }
        }

        @Override
        public float[] vector() {
            return vector.clone();
        }

        /** Dimensions of the vector. */
        public int dimensions() {
            return vector.length;
        }

        /** Component {@code i} of the vector, without a copy. */
        public float component(int i) {
            return vector[i];
        }

        /** Whether every value is finite and the error and height are not negative: one a peer may use. */
        public boolean valid() {
            for (float v : vector) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
            return Float.isFinite(error) && Float.isFinite(adjustment) && Float.isFinite(height) && error >= 0
                    && height >= 0;
        }

        /** This coordinate as the API's. */
        public io.gossamer.Coordinate toCoordinate() {
            List<Double> v = new java.util.ArrayList<>(vector.length);
            for (float f : vector) {
                v.add((double) f);
            }
            return new io.gossamer.Coordinate(v, error, adjustment, height);
        }

        /** The API's coordinate, to send. */
        public static NetworkCoordinate of(io.gossamer.Coordinate c) {
            float[] v = new float[c.vector().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = c.vector().get(i).floatValue();
            }
            return new NetworkCoordinate(v, (float) c.error(), (float) c.adjustment(), (float) c.height());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof NetworkCoordinate c && Arrays.equals(c.vector, vector)
                    && Float.compare(c.error, error) == 0 && Float.compare(c.adjustment, adjustment) == 0
                    && Float.compare(c.height, height) == 0;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(vector) * 31 + Float.hashCode(error);
        }

        @Override
        public String toString() {
            return "NetworkCoordinate[" + Arrays.toString(vector) + " error " + error + " adjustment " + adjustment
                    + " height " + height + "]";
        }
    }

    /**
     * Asks the receiver to apply a key operation to its keyring and answer with a {@link KeyReply}
     * (stream-only, like push-pull). It carries a key, so it only ever travels sealed: encoders seal
     * it whatever verify-outgoing says, decoders drop it in plaintext whatever verify-incoming says.
     *
     * @param operation what to do
     * @param key       the key (16, 24 or 32 bytes); empty for {@link KeyResponse.Operation#LIST}.
     *                  Never shown by {@link #toString()}, which gives its fingerprint
     */
    record KeyRequest(KeyResponse.Operation operation, byte[] key) implements Message {
        public KeyRequest {
            Objects.requireNonNull(operation, "operation");
            key = Objects.requireNonNull(key, "key").clone();
            boolean list = operation == KeyResponse.Operation.LIST;
            if (list ? key.length != 0 : !Keyring.KEY_SIZES.contains(key.length)) {
                throw new IllegalArgumentException(list ? "a LIST request carries no key"
                        : "a key is 16, 24 or 32 bytes, not " + key.length);
            }
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof KeyRequest k && k.operation == operation && MessageDigest.isEqual(k.key, key);
        }

        @Override
        public int hashCode() {
            return 31 * operation.hashCode() + Arrays.hashCode(key);
        }

        @Override
        public String toString() {
            return "KeyRequest[" + operation + (key.length == 0 ? "" : " " + Keyring.fingerprint(key)) + "]";
        }
    }

    /**
     * Answers a {@link KeyRequest}: whether the operation was applied, why not, and the
     * fingerprints of the keys the sender holds now (its primary first). Sealed, like the request.
     *
     * @param acknowledged whether the operation was applied (for a list: always)
     * @param error        why not, for people; printable, at most 255 bytes of UTF-8
     * @param keys         key fingerprints, 8 lower-case hex digits each, at most 255 of them
     */
    record KeyReply(boolean acknowledged, String error, List<String> keys) implements Message {
        public KeyReply {
            Objects.requireNonNull(error, "error");
            keys = List.copyOf(keys);
        }

        /** The fingerprint's four bytes, as they travel. */
        static byte[] fingerprintBytes(String fingerprint) {
            if (fingerprint.length() != 8 || !fingerprint.chars().allMatch(c -> (c >= '0' && c <= '9')
                    || (c >= 'a' && c <= 'f'))) {
                throw new IllegalArgumentException("a key fingerprint is 8 lower-case hex digits");
            }
            return HexFormat.of().parseHex(fingerprint);
        }
    }
}
