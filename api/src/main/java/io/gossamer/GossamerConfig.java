package io.gossamer;

/**
 * The MicroProfile Config keys Gossamer reads, with their defaults and allowed values. Durations
 * are written as a number and a unit: {@code 500ms}, {@code 1s}, {@code 2m}, {@code 24h}. Lists
 * are comma-separated. As MP Config maps them, environment variables work too
 * ({@code GOSSAMER_SEEDS} for {@code gossamer.seeds}).
 *
 * <p>The timing keys ({@link #PROBE_INTERVAL} to {@link #TCP_TIMEOUT}) take, when not set, the
 * value of the chosen {@link #PROFILE}; each key's javadoc gives its {@code lan} value and range.
 * The profiles' values are part of the contract, as every key's default is: a LAN pool takes
 * this table's value for each timing key not set, and a server's WAN pool takes all of them from
 * {@link #WAN_PROFILE}. Whatever an implementation promises in terms of these keys (a failure
 * detected within a bound, news spread within one) holds with the profile's values:
 *
 * <table class="striped">
 * <caption>Timing of each profile</caption>
 * <thead><tr><th scope="col">key</th><th scope="col">{@code lan}</th><th scope="col">{@code wan}</th>
 * <th scope="col">{@code local}</th><th scope="col">{@code lan-fast}</th></tr></thead>
 * <tbody>
 * <tr><th scope="row">{@link #PROBE_INTERVAL gossamer.probe-interval}</th><td>{@code 1s}</td><td>{@code 5s}</td><td>{@code 1s}</td><td>{@code 500ms}</td></tr>
 * <tr><th scope="row">{@link #PROBE_TIMEOUT gossamer.probe-timeout}</th><td>{@code 500ms}</td><td>{@code 3s}</td><td>{@code 200ms}</td><td>{@code 250ms}</td></tr>
 * <tr><th scope="row">{@link #INDIRECT_CHECKS gossamer.indirect-checks}</th><td>{@code 3}</td><td>{@code 3}</td><td>{@code 1}</td><td>{@code 3}</td></tr>
 * <tr><th scope="row">{@link #RETRANSMIT_MULT gossamer.retransmit-mult}</th><td>{@code 4}</td><td>{@code 4}</td><td>{@code 4}</td><td>{@code 4}</td></tr>
 * <tr><th scope="row">{@link #SUSPICION_MULT gossamer.suspicion-mult}</th><td>{@code 4}</td><td>{@code 6}</td><td>{@code 3}</td><td>{@code 8}</td></tr>
 * <tr><th scope="row">{@link #SUSPICION_MAX_TIMEOUT_MULT gossamer.suspicion-max-timeout-mult}</th><td>{@code 6}</td><td>{@code 6}</td><td>{@code 6}</td><td>{@code 6}</td></tr>
 * <tr><th scope="row">{@link #REFUSED_SUSPICION_TIMEOUT gossamer.refused-suspicion-timeout}</th><td>{@code 0s}</td><td>{@code 0s}</td><td>{@code 0s}</td><td>{@code 500ms}</td></tr>
 * <tr><th scope="row">{@link #UNREACHABLE_SUSPICION_TIMEOUT gossamer.unreachable-suspicion-timeout}</th><td>{@code 0s}</td><td>{@code 0s}</td><td>{@code 0s}</td><td>{@code 1500ms}</td></tr>
 * <tr><th scope="row">{@link #LOCAL_HEALTH_MAX_MULTIPLIER gossamer.local-health-max-multiplier}</th><td>{@code 8}</td><td>{@code 8}</td><td>{@code 8}</td><td>{@code 8}</td></tr>
 * <tr><th scope="row">{@link #GOSSIP_INTERVAL gossamer.gossip-interval}</th><td>{@code 200ms}</td><td>{@code 500ms}</td><td>{@code 100ms}</td><td>{@code 200ms}</td></tr>
 * <tr><th scope="row">{@link #GOSSIP_NODES gossamer.gossip-nodes}</th><td>{@code 3}</td><td>{@code 4}</td><td>{@code 3}</td><td>{@code 3}</td></tr>
 * <tr><th scope="row">{@link #SPATIAL_GOSSIP_EXPONENT gossamer.spatial-gossip-exponent}</th><td>{@code 0}</td><td>{@code 2}</td><td>{@code 0}</td><td>{@code 0}</td></tr>
 * <tr><th scope="row">{@link #GOSSIP_TO_THE_DEAD_TIME gossamer.gossip-to-the-dead-time}</th><td>{@code 30s}</td><td>{@code 60s}</td><td>{@code 15s}</td><td>{@code 30s}</td></tr>
 * <tr><th scope="row">{@link #PUSH_PULL_INTERVAL gossamer.push-pull-interval}</th><td>{@code 30s}</td><td>{@code 60s}</td><td>{@code 15s}</td><td>{@code 30s}</td></tr>
 * <tr><th scope="row">{@link #TCP_TIMEOUT gossamer.tcp-timeout}</th><td>{@code 10s}</td><td>{@code 30s}</td><td>{@code 1s}</td><td>{@code 10s}</td></tr>
 * </tbody>
 * </table>
 *
 * <p>{@code lan} suits a datacenter's network, {@code wan} links between datacenters (a server's
 * WAN pool, {@link #WAN_PROFILE}), {@code local} one host or a test; these three are memberlist's
 * timings. {@code lan-fast} is a datacenter's network with failures detected sooner, for twice
 * {@code lan}'s probe traffic: see {@link #REFUSED_SUSPICION_TIMEOUT} and
 * {@link #UNREACHABLE_SUSPICION_TIMEOUT}. Every other key has one
 * default, whatever the profile. A value outside its range fails the deployment with a message
 * naming the key, the value and what is allowed; all such problems are reported together
 * ({@code [config-invalid-fails-deployment]}: a malformed or out-of-range port, duration, count,
 * name, profile, role, seed or boolean, a probe timeout not below the probe interval, and tags
 * over 512 bytes encoded in all fail the deployment).
 */
public final class GossamerConfig {

    private GossamerConfig() {
    }

    /** Prefix of every key. */
    public static final String PREFIX = "gossamer.";

    /**
     * Whether the node starts at all. Default {@code true}. {@code [config-enabled]} With
     * {@code false} the node does not start: it binds no port, joins nobody and no membership event
     * is delivered. The {@link Membership} beans still exist, so that the application deploys
     * unchanged, but each of their methods fails with {@link IllegalStateException} (thrown, or the
     * returned stage completes exceptionally with it; for {@link Membership#keys()}, either
     * {@code keys()} or each operation of the {@link EncryptionKeys} it returns); the three health
     * checks named {@code gossamer} report UP, since a node that was told not to run holds its
     * application back from nothing.
     */
    public static final String ENABLED = "gossamer.enabled";
    /**
     * Cluster name. {@code [config-cluster-isolation]} Nodes of other clusters are never seen: a
     * join through a node of another cluster fails, and neither side ever records the other.
     * Default {@code default}. 1–64 of {@code [A-Za-z0-9._-]}.
     */
    public static final String CLUSTER = "gossamer.cluster";
    /**
     * Datacenter name: the local member's {@link Member#datacenter()}. {@code [config-identity]}
     * Default {@code dc1}. 1–64 of {@code [A-Za-z0-9._-]}.
     */
    public static final String DATACENTER = "gossamer.datacenter";
    /**
     * Node name, unique in the pool. Default: host name and bind port ({@code web-1-7950}); with
     * bind port {@code 0}, host name, process id and a random suffix. 1–128 of {@code [A-Za-z0-9._-]}.
     */
    public static final String NODE_NAME = "gossamer.node-name";
    /** Address to bind UDP and TCP on. Default {@code 0.0.0.0}. An IP literal. */
    public static final String BIND_ADDRESS = "gossamer.bind-address";
    /**
     * Port to bind UDP and TCP on. Default {@code 7950} (not Serf's and memberlist's 7946, often
     * taken on the same hosts); {@code 0} picks a free one. 0–65535.
     */
    public static final String BIND_PORT = "gossamer.bind-port";
    /**
     * Address peers use to reach this node. Default: the bind address, or this host's address when
     * binding all. An IP literal. With bind port {@code 0} and one bind address, needs
     * {@link #ADVERTISE_PORT} too. {@code [config-advertise]} The node's member record carries the
     * advertised address and port, in its own view ({@link Membership#localMember()}) and in every
     * other member's: they join it, probe it and gossip to it there, whatever forwards that
     * address to the bound one (a NAT, a container's port mapping).
     */
    public static final String ADVERTISE_ADDRESS = "gossamer.advertise-address";
    /** Port peers use to reach this node. Default: the bound port. 1–65535. */
    public static final String ADVERTISE_PORT = "gossamer.advertise-port";
    /**
     * Seeds to join through: {@code host}, {@code host:port} or {@code [v6]:port}, comma-separated.
     * Default: none (the node waits to be joined). {@code [config-seeds]} The node joins through
     * them in the background, attempt after attempt, until one answers or a peer joins it (or it
     * leaves): each attempt tries every seed; after an attempt no seed answered (nothing listens,
     * or silence until {@link #TCP_TIMEOUT}, or a seed busy with a join storm closing the stream
     * at once) the next comes after a wait of 1 s, doubling at each such attempt up to 30 s, each
     * wait shortened at random by up to a half so that nodes started together do not retry
     * together; after a refused attempt it waits as {@link #JOIN_REFUSED_BACKOFF} says. So a seed
     * that starts listening after the node is joined within 30 s plus one attempt.
     * The application's start never waits for it (readiness does).
     */
    public static final String SEEDS = "gossamer.seeds";
    /**
     * {@code server} or {@code client}, exactly (in lower case): the local member's {@link Member#role()}.
     * {@code [config-identity]} Default {@code client}. Every node is in the LAN pool of its
     * {@code (cluster, datacenter)}; a {@code server} is also in the cluster's WAN pool, a second
     * engine on {@link #WAN_BIND_PORT} (see {@link Pool#WAN}). The default is {@code client} so that a
     * node opens a second port only when asked to, as a Consul agent is a client unless made a server.
     */
    public static final String ROLE = "gossamer.role";
    /** Timing profile: {@code lan}, {@code wan}, {@code local} or {@code lan-fast}, exactly. Default {@code lan}. */
    public static final String PROFILE = "gossamer.profile";

    /** Time between probes. {@code lan}: {@code 1s}. 10ms–1m. */
    public static final String PROBE_INTERVAL = "gossamer.probe-interval";
    /** Wait for a direct ack. {@code lan}: {@code 500ms}. 1ms–1m, below the probe interval. */
    public static final String PROBE_TIMEOUT = "gossamer.probe-timeout";
    /**
     * Members asked to probe indirectly. {@code lan}: {@code 3}. 0–16. {@code [config-indirect-checks]}
     * A probe that gets no ack within the probe timeout is sent through this many other members
     * (fewer if there are fewer); a member whose ack comes back through one of them before the
     * probe's interval ends is not suspected by this node, even if none of this node's datagrams
     * reach it directly. With {@code 0}, and TCP pings off, a lost ack makes the member suspect.
     */
    public static final String INDIRECT_CHECKS = "gossamer.indirect-checks";
    /** Retransmissions = this × ⌈log10(n + 1)⌉. {@code lan}: {@code 4}. 1–100. */
    public static final String RETRANSMIT_MULT = "gossamer.retransmit-mult";
    /** Minimum suspicion = this × max(1, log10 n) × probe interval. {@code lan}: {@code 4}. 1–100. */
    public static final String SUSPICION_MULT = "gossamer.suspicion-mult";
    /** Maximum suspicion = this × minimum. {@code lan}: {@code 6}. 1–100. */
    public static final String SUSPICION_MAX_TIMEOUT_MULT = "gossamer.suspicion-max-timeout-mult";
    /**
     * How long a suspicion lasts once the suspect's host has refused this node's TCP probe.
     * {@code lan}: {@code 0s} (off). 0s–1m. A refused connection says that nothing listens on the
     * member's port: its process is gone, where silence alone could be a pause or lost packets.
     * {@code [config-refused-suspicion]} With a value above zero, a member whose process stops
     * without leaving while its host stays up (as after {@code kill -9}) is recorded DEAD by this
     * node at most this long after this node's probe of it found its port refused, unless it
     * refutes meanwhile, however long the suspicion timeout; a member that is frozen (its process
     * stopped, its sockets open) is not declared dead by this rule.
     */
    public static final String REFUSED_SUSPICION_TIMEOUT = "gossamer.refused-suspicion-timeout";
    /**
     * How long a suspicion lasts when the suspect's host did not even connect to this node's TCP
     * probe. {@code lan}: {@code 0s} (off). 0s–1m. A frozen or overloaded process still has a
     * kernel that accepts connections; a host that does not is down or cut off.
     * {@code [config-unreachable-suspicion]} With a value above zero, a member that fails this
     * node's probe, whose host does not accept the probe's TCP connection before the probe ends,
     * and which every member asked to probe it on this node's behalf reports silent as well, is
     * recorded DEAD by this node this long after that probe, unless it refutes meanwhile; a member
     * whose host accepts the connection keeps the full suspicion timeout.
     */
    public static final String UNREACHABLE_SUSPICION_TIMEOUT = "gossamer.unreachable-suspicion-timeout";
    /**
     * Largest stretch of the probe interval when the node is unhealthy: Lifeguard's local health,
     * memberlist's {@code AwarenessMaxMultiplier}. {@code lan}: {@code 8}. 1–100.
     */
    public static final String LOCAL_HEALTH_MAX_MULTIPLIER = "gossamer.local-health-max-multiplier";
    /** Time between gossip rounds; {@code 0} disables them. {@code lan}: {@code 200ms}. 0–1m. */
    public static final String GOSSIP_INTERVAL = "gossamer.gossip-interval";
    /** Members sent news each gossip round. {@code lan}: {@code 3}. 0–64. */
    public static final String GOSSIP_NODES = "gossamer.gossip-nodes";
    /**
     * Spatial gossip: each gossip round's members are drawn with probability in proportion to
     * d^(-a), d their estimated round trip ({@link Membership#estimatedRoundTrip}), a this exponent
     * (Kempe, Kleinberg and Demers), so that news crosses long links less often; {@code 0} draws
     * uniformly. {@code lan}: {@code 0}; {@code wan}: {@code 2}, where members are datacenters
     * apart. 0–4. Needs coordinates; members without one weigh as the average. Probes are not
     * biased: every member is still probed once per round, so failure detection keeps its bounds.
     */
    public static final String SPATIAL_GOSSIP_EXPONENT = "gossamer.spatial-gossip-exponent";
    /**
     * How long a member recorded DEAD is still gossiped to, so that one declared dead by mistake
     * hears it and refutes. {@code lan}: {@code 30s}. 0–24h. {@code [config-gossip-to-the-dead]}
     * For this long after the node records a member DEAD, the news it gossips also reaches that
     * member; after it, the node sends that member no datagram (it only tries it again over a
     * stream, every {@link #RECONNECT_INTERVAL}).
     */
    public static final String GOSSIP_TO_THE_DEAD_TIME = "gossamer.gossip-to-the-dead-time";
    /** Full state exchange period; {@code 0} disables it. {@code lan}: {@code 30s}. 0–24h. */
    public static final String PUSH_PULL_INTERVAL = "gossamer.push-pull-interval";
    /** Stream connect, read and write deadline. {@code lan}: {@code 10s}. 1ms–10m. */
    public static final String TCP_TIMEOUT = "gossamer.tcp-timeout";
    /**
     * How often a dead member is tried again. Default {@code 30s}. 1s–24h.
     * {@code [config-reconnect]} Once per interval the node picks one of its DEAD members at
     * random and opens a stream to it to exchange state, as a join does (so a member found dead
     * behind a partition that healed comes back); with one DEAD member, that member is tried once
     * per interval. Members that left are not tried.
     */
    public static final String RECONNECT_INTERVAL = "gossamer.reconnect-interval";
    /**
     * How long dead members are remembered and tried. Default {@code 24h}. 0–365d.
     * {@code [membership-forget]} A member DEAD for this long, or LEFT for the
     * {@linkplain #TOMBSTONE_TIMEOUT tombstone timeout}, is forgotten: it leaves
     * {@link Membership#members()} (without an event) within 15 seconds after the timeout.
     */
    public static final String RECONNECT_TIMEOUT = "gossamer.reconnect-timeout";
    /** How long left members are remembered (see {@link #RECONNECT_TIMEOUT}). Default {@code 24h}. 0–365d. */
    public static final String TOMBSTONE_TIMEOUT = "gossamer.tombstone-timeout";
    /**
     * How long a dead member's name is kept from a process at another address that looks no later
     * than the dead one (its clock is behind); a later start takes the name at once. Default
     * {@code 0s} (once dead). 0–365d.
     */
    public static final String DEAD_NODE_RECLAIM_TIME = "gossamer.dead-node-reclaim-time";
    /**
     * Whether to skip the TCP fallback probe. Default {@code false}. {@code [config-tcp-pings]}
     * Unless this is {@code true}, a probe that gets no ack within the probe timeout is also sent
     * to the member over a stream; a member that answers it there before the probe's interval ends
     * is not suspected by this node, even if none of its datagrams arrive. With {@code true} only
     * the {@linkplain #INDIRECT_CHECKS indirect checks} stand in for a lost ack.
     */
    public static final String DISABLE_TCP_PINGS = "gossamer.disable-tcp-pings";
    /**
     * Whether to skip network coordinates. Default {@code false}. {@code [config-coordinates]}
     * Unless this is {@code true}, the node keeps a network coordinate (Vivaldi, as Serf's),
     * sends it with every ack to a direct probe (49 bytes), moves it by the round trips of its own
     * probes, and remembers the coordinates of the members it probed:
     * {@link Membership#coordinate(String)} gives them. With {@code true} it sends none and
     * knows none.
     */
    public static final String DISABLE_COORDINATES = "gossamer.disable-coordinates";
    /**
     * Coalescing of cluster events (Serf's agent does it): events sent with {@code coalesce}
     * ({@link Membership#sendEvent(String, byte[], boolean)}) are held and, per name, only the
     * latest (by Lamport time) is delivered, once no such event has come for
     * {@link #EVENT_QUIESCENT_PERIOD}, or this long after the first was held. Default {@code 0s}
     * (off). 0s–1m. Coalescing needs both periods; it trades once-each and order for fewer
     * deliveries, and only for the events their senders let be coalesced.
     */
    public static final String EVENT_COALESCE_PERIOD = "gossamer.event-coalesce-period";
    /**
     * How long no coalescible cluster event must come for the held ones to be delivered (see
     * {@link #EVENT_COALESCE_PERIOD}). Default {@code 0s} (off). 0s–1m.
     */
    public static final String EVENT_QUIESCENT_PERIOD = "gossamer.event-quiescent-period";
    /**
     * Largest datagram in bytes. Default {@code 1400}. 576–65507. {@code [config-packet-size]} No
     * datagram the node sends is larger, sealed or not, however much news it has: what does not
     * fit waits for the next datagram.
     */
    public static final String PACKET_SIZE = "gossamer.packet-size";
    /**
     * Most members a node holds in a pool, itself and DEAD and LEFT members included. It bounds the
     * memory that forged members can take on a network without encryption (about 800 bytes of heap
     * per member). Default {@code 10000}. 2–1000000.
     * {@code [membership-max-members]} {@link Membership#members()} never holds more. When a new
     * member comes and the view is full, members DEAD or LEFT the longest are forgotten to make
     * room; when every member is ALIVE or SUSPECT, the new member is not recorded (a warning names
     * this key) and no event is fired about it. The member refused is not told: it may hold this
     * node in its own view while this node does not hold it.
     */
    public static final String MAX_MEMBERS = "gossamer.max-members";
    /**
     * Prefix of the local member's tags: {@code gossamer.tags.zone=eu-1}. {@code [config-identity]}
     * The keys under this prefix, without it, and their values are the local member's
     * {@link Member#tags()} from its start (its own join event included). At most 512 bytes encoded
     * in all.
     */
    public static final String TAGS_PREFIX = "gossamer.tags.";
    /**
     * Bound on the graceful leave at shutdown and by {@link Membership#leave()}. Default {@code 5s}.
     * 0–10m; {@code 0} skips the leave at shutdown. {@code [membership-leave-at-shutdown]} When the
     * application stops, the node leaves each of its pools (a server, its LAN and its WAN pool) as
     * {@link Membership#leave()} does, waiting at most this long: their members record it LEFT
     * ({@link MemberLeft.Reason#LEFT}), never SUSPECT nor DEAD. With {@code 0} it stops without
     * leaving, and the others find it failed: SUSPECT, then DEAD.
     */
    public static final String LEAVE_TIMEOUT = "gossamer.leave-timeout";
    /** Readiness needs at least this many alive members, the local one included. Default {@code 1}. 1–100000. */
    public static final String READINESS_MIN_MEMBERS = "gossamer.readiness.min-members";
    /**
     * Wait after the first refused join attempt (a seed of another pool: another cluster or
     * datacenter, LAN against WAN); it doubles at each refusal up to {@link #JOIN_REFUSED_MAX_BACKOFF},
     * each wait shortened at random by up to a fifth. Silence is retried sooner (1s doubling to
     * 30s): a refusal only ends when a configuration changes. Default {@code 30s}. 1ms–1h.
     */
    public static final String JOIN_REFUSED_BACKOFF = "gossamer.join.refused-backoff";
    /**
     * The longest wait between refused join attempts, at least {@link #JOIN_REFUSED_BACKOFF}.
     * Default {@code 5m}. 1ms–24h.
     */
    public static final String JOIN_REFUSED_MAX_BACKOFF = "gossamer.join.refused-max-backoff";

    /**
     * Port of a server's WAN pool, UDP and TCP. Default {@code 7951}; {@code 0} picks a free one.
     * 0–65535. It must differ from {@link #BIND_PORT} when both pools bind the same address. Like
     * every {@code gossamer.wan.*} key, read only when {@link #ROLE} is {@code server}: on a client a
     * valid value is ignored (and logged as such), a malformed one still fails the deployment.
     */
    public static final String WAN_BIND_PORT = "gossamer.wan.bind-port";
    /** Address a server's WAN pool binds to. Default: {@link #BIND_ADDRESS}. An IP literal. */
    public static final String WAN_BIND_ADDRESS = "gossamer.wan.bind-address";
    /**
     * Address other servers use to reach this server's WAN pool. Default:
     * {@link #ADVERTISE_ADDRESS} when set, else the WAN bind address, or this host's address when
     * binding all. An IP literal. With WAN bind port {@code 0} and one WAN bind address, needs
     * {@link #WAN_ADVERTISE_PORT} too. {@code [config-advertise]} holds for the WAN pool with this
     * key and {@link #WAN_ADVERTISE_PORT}: the server's WAN member carries them.
     */
    public static final String WAN_ADVERTISE_ADDRESS = "gossamer.wan.advertise-address";
    /** Port other servers use to reach this server's WAN pool. Default: the bound WAN port. 1–65535. */
    public static final String WAN_ADVERTISE_PORT = "gossamer.wan.advertise-port";
    /**
     * WAN seeds: other servers' WAN addresses, in this datacenter or others, written as
     * {@link #SEEDS} are (a seed without a port means {@code 7951}). Default: none (the server waits
     * to be joined). Joined in the background with the same retries as the LAN seeds.
     */
    public static final String WAN_SEEDS = "gossamer.wan.seeds";
    /**
     * Timing profile of the WAN pool: {@code lan}, {@code wan}, {@code local} or {@code lan-fast}. Default
     * {@code wan}. The WAN pool takes every timing from this profile: the timing keys above
     * ({@link #PROBE_INTERVAL} to {@link #TCP_TIMEOUT}) tune the LAN pool only.
     */
    public static final String WAN_PROFILE = "gossamer.wan.profile";
    /**
     * Whether the cluster-mixing guard is on. Default {@code true}. {@code true} or {@code false}.
     * Turn it off only while migrating a pool that is already mixed: turning it on again sheds the
     * members of other datacenters at once ({@link MemberLeft.Reason#FOREIGN_DATACENTER}).
     *
     * <p>With the guard on, a node refuses whoever does not belong in its pool, wherever a member
     * could enter its view (a join, gossip, a full state exchange, a reconnect), and a refused join
     * fails with {@link JoinRefusedException} naming the {@link RefusalReason}; neither side ever
     * records the other:
     * <ul>
     * <li>{@code [guard-foreign-datacenter]} a LAN member of another datacenter joining this LAN
     *     pool: {@link RefusalReason#FOREIGN_DATACENTER};</li>
     * <li>{@code [guard-not-a-wan-member]} a LAN member (a client, or a server's LAN port) joining
     *     the WAN pool: {@link RefusalReason#NOT_A_WAN_MEMBER};</li>
     * <li>{@code [guard-not-a-server]} a WAN member joining a node that is not a server:
     *     {@link RefusalReason#NOT_A_SERVER};</li>
     * <li>{@code [guard-server-lan-port]} a WAN member joining a server's LAN port (its WAN pool
     *     listens on its WAN port): {@link RefusalReason#SERVER_LAN_PORT};</li>
     * <li>{@code [guard-foreign-cluster]} a member of another cluster, even one whose datacenter
     *     has the same name: {@link RefusalReason#FOREIGN_CLUSTER}.</li>
     * </ul>
     *
     * <p>{@code [guard-records]} Member records are checked the same way wherever they come from:
     * a record of another datacenter's LAN member that reaches a LAN pool by gossip or by a full
     * state exchange (relayed, say, by a member of this datacenter whose guard is off) is refused,
     * and the node never records that member.
     *
     * <p>{@code [guard-disabled]} With the guard off, a node lets in the LAN members of its
     * cluster's other datacenters: two nodes of different datacenters whose guards are both off
     * join, and each records the other. Members of another cluster, and LAN against WAN, are
     * still refused as above.
     */
    public static final String GUARD_ENABLED = "gossamer.guard.enabled";

    /**
     * Encryption keys: base64, comma-separated, the first one primary. {@code [keys-sealed]} The
     * primary key seals (AES-GCM) every datagram and stream the node sends; every listed key opens
     * what it receives, so that keys can be rotated online ({@link Membership#keys()}): two nodes
     * (verify flags at their defaults) join each other when each one's primary key is among the
     * other's keys, and never when neither holds the other's primary key. Each key is 16, 24 or 32 bytes
     * (AES-128, -192, -256; {@code openssl rand -base64 32} makes one); at most 16 keys, no key
     * twice. Default: none, and the node neither seals nor opens anything (encryption off). Not
     * together with {@link #ENCRYPT_KEY_FILE}. {@code [keys-bad-config]} A key that is not valid
     * base64 of one of those lengths, or the same key twice, fails the deployment with a message
     * naming this key and the position of the key at fault (a number, 1 for the first key);
     * {@code [keys-never-shown]} never its value; keys are never logged. A server's LAN and WAN
     * pools both start with these keys.
     */
    public static final String ENCRYPT_KEYS = "gossamer.encrypt.keys";
    /**
     * {@code [keys-file]} A file of encryption keys, one base64 key per line, the first one
     * primary; blank lines and lines starting with {@code #} are ignored. Otherwise as
     * {@link #ENCRYPT_KEYS}, which it replaces (not both); a bad key fails the deployment naming
     * the file, the line and the key's position. The file is read when the application starts;
     * keep it readable by its owner only.
     */
    public static final String ENCRYPT_KEY_FILE = "gossamer.encrypt.key-file";
    /**
     * {@code [keys-verify-flags]} With keys: accept sealed datagrams and streams only, drop
     * plaintext ones. Default {@code true} when keys are set. {@code false} is a step of turning
     * encryption on (or off) in a running cluster without downtime, as Consul's
     * {@code verify_incoming}: the node then accepts plaintext too. {@code true} needs keys and
     * {@link #ENCRYPT_VERIFY_OUTGOING}.
     */
    public static final String ENCRYPT_VERIFY_INCOMING = "gossamer.encrypt.verify-incoming";
    /**
     * With keys: seal every datagram and stream sent. Default {@code true} when keys are set.
     * {@code false} is a step of turning encryption on (or off) without downtime, as Consul's
     * {@code verify_outgoing}: the node then sends plaintext (key rotation requests stay sealed) and
     * still accepts sealed input. {@code true} needs keys.
     */
    public static final String ENCRYPT_VERIFY_OUTGOING = "gossamer.encrypt.verify-outgoing";
}
