package io.gossamer.cdi;

import io.gossamer.GossamerConfig;
import io.gossamer.swim.SwimNodeOptions;
import io.gossamer.swim.Tags;
import io.gossamer.swim.config.Durations;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.Setting;
import io.gossamer.swim.config.Settings;
import io.gossamer.swim.config.Tuning;

import org.eclipse.microprofile.config.Config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Reads every {@code gossamer.*} key into {@link GossamerSettings}, checking each value and the
 * rules between them; all problems are reported together.
 */
final class SettingsReader {

    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final List<String> PROFILES = Arrays.stream(Profile.values()).map(Profile::key).toList();

    private final ConfigReader r;

    private SettingsReader(Config config) {
        this.r = new ConfigReader(config);
    }

    /** @see GossamerSettings#from(Config) */
    static GossamerSettings read(Config config) {
        return new SettingsReader(config).read();
    }

    private GossamerSettings read() {
        KeyAudit.misspelt(r.config()).forEach((key, meant) -> r.problem(key + "='"
                + r.config().getConfigValue(key).getRawValue() + "' is not a Gossamer key: did you mean " + meant + "?"));
        boolean enabled = r.bool(GossamerConfig.ENABLED, true);
        if (!enabled) {
            r.throwIfAny();
            return GossamerSettings.disabled();
        }
        String cluster = r.name(GossamerConfig.CLUSTER, "default", CLUSTER_NAME, 64);
        String datacenter = r.name(GossamerConfig.DATACENTER, "dc1", CLUSTER_NAME, 64);
        String bindAddress = r.ip(GossamerConfig.BIND_ADDRESS).orElse("0.0.0.0");
        int bindPort = r.integer(GossamerConfig.BIND_PORT, GossamerSettings.DEFAULT_PORT, 0, 65_535);
        String nodeName = r.name(GossamerConfig.NODE_NAME, null, NODE_NAME, 128);
        if (nodeName == null) {
            nodeName = defaultNodeName(bindPort);
        }
        Optional<String> advertiseAddress = r.ip(GossamerConfig.ADVERTISE_ADDRESS);
        OptionalInt advertisePort = r.optionalInteger(GossamerConfig.ADVERTISE_PORT, 1, 65_535);
        if (advertiseAddress.isPresent() && advertisePort.isEmpty() && bindPort == 0
                && !SwimNodeOptions.isWildcard(bindAddress)) {
            r.problem(GossamerConfig.ADVERTISE_PORT + " is not set: it is required when "
                    + GossamerConfig.ADVERTISE_ADDRESS + " is set, " + GossamerConfig.BIND_PORT
                    + " is 0 and " + GossamerConfig.BIND_ADDRESS + " names one address");
        }
        List<String> seeds = r.seeds(GossamerConfig.SEEDS);
        String role = r.choice(GossamerConfig.ROLE, GossamerSettings.CLIENT,
                List.of(GossamerSettings.SERVER, GossamerSettings.CLIENT));
        Profile profile = profile(GossamerConfig.PROFILE, "lan");
        Tuning tuning = tuning(profile);
        Map<String, String> tags = tags();
        Duration leaveTimeout = setting(GossamerSettings.LEAVE_TIMEOUT);
        int readinessMinMembers = setting(GossamerSettings.READINESS_MIN_MEMBERS);
        Duration joinRefusedBackoff = setting(GossamerSettings.JOIN_REFUSED_BACKOFF);
        Duration joinRefusedMaxBackoff = setting(GossamerSettings.JOIN_REFUSED_MAX_BACKOFF);
        if (joinRefusedMaxBackoff.compareTo(joinRefusedBackoff) < 0) {
            r.problem(GossamerConfig.JOIN_REFUSED_MAX_BACKOFF + "=" + Durations.format(joinRefusedMaxBackoff)
                    + " is not allowed: it must be at least " + GossamerConfig.JOIN_REFUSED_BACKOFF + " ("
                    + Durations.format(joinRefusedBackoff) + ")");
        }
        GossamerSettings.Wan wan = wan(bindAddress);
        if (role.equals(GossamerSettings.SERVER)) {
            checkWanAgainstLan(wan, bindAddress, bindPort, advertiseAddress);
        }
        boolean guardEnabled = r.bool(GossamerConfig.GUARD_ENABLED, true);
        GossamerSettings.Encryption encryption = EncryptionReader.read(r);
        r.throwIfAny();
        return new GossamerSettings(true, cluster, datacenter, nodeName, bindAddress, bindPort, advertiseAddress,
                advertisePort, seeds, role, profile, tuning, tags, leaveTimeout, readinessMinMembers, joinRefusedBackoff,
                joinRefusedMaxBackoff, wan,
                guardEnabled, encryption);
    }

    private Profile profile(String key, String def) {
        return Profile.byKey(r.choice(key, def, PROFILES)).orElseThrow();
    }

    /** Every key of the engine's table, unset ones at the profile's value. */
    private Tuning tuning(Profile profile) {
        Tuning t = Tuning.of(profile);
        for (Setting<?> s : Settings.all()) {
            t = read(t, s);
        }
        Duration interval = t.get(Settings.PROBE_INTERVAL);
        Duration timeout = t.get(Settings.PROBE_TIMEOUT);
        if (!Settings.probeTimeoutFits(interval, timeout)) {
            r.problem(Settings.PROBE_TIMEOUT.key() + "=" + Durations.format(timeout)
                    + " is not allowed: it must be shorter than " + Settings.PROBE_INTERVAL.key()
                    + " (" + Durations.format(interval) + ")");
        }
        return t;
    }

    private <T extends Comparable<? super T>> Tuning read(Tuning t, Setting<T> s) {
        return t.with(s, r.setting(s, t.get(s)));
    }

    /** A setting of the node, the same in every profile. */
    private <T extends Comparable<? super T>> T setting(Setting<T> s) {
        return r.setting(s, s.defaultFor(Profile.LAN));
    }

    private GossamerSettings.Wan wan(String lanBindAddress) {
        String bindAddress = r.ip(GossamerConfig.WAN_BIND_ADDRESS).orElse(lanBindAddress);
        int bindPort = r.integer(GossamerConfig.WAN_BIND_PORT, GossamerSettings.DEFAULT_WAN_PORT, 0, 65_535);
        Optional<String> advertiseAddress = r.ip(GossamerConfig.WAN_ADVERTISE_ADDRESS);
        OptionalInt advertisePort = r.optionalInteger(GossamerConfig.WAN_ADVERTISE_PORT, 1, 65_535);
        List<String> seeds = r.seeds(GossamerConfig.WAN_SEEDS);
        Profile profile = profile(GossamerConfig.WAN_PROFILE, "wan");
        return new GossamerSettings.Wan(bindAddress, bindPort, advertiseAddress, advertisePort, seeds, profile);
    }

    /** The checks that only matter where the WAN pool is bound, next to the LAN pool: on a server. */
    private void checkWanAgainstLan(GossamerSettings.Wan wan, String lanBindAddress, int lanBindPort,
                                    Optional<String> lanAdvertiseAddress) {
        if (wan.bindPort() != 0 && wan.bindPort() == lanBindPort && overlap(wan.bindAddress(), lanBindAddress)) {
            r.problem(GossamerConfig.WAN_BIND_PORT + "=" + wan.bindPort() + " is not allowed: a server binds its"
                    + " WAN pool on a port of its own, so it must differ from " + GossamerConfig.BIND_PORT + " ("
                    + lanBindPort + ") when both bind the same address (" + GossamerConfig.WAN_BIND_ADDRESS + "="
                    + wan.bindAddress() + ", " + GossamerConfig.BIND_ADDRESS + "=" + lanBindAddress + ")");
        }
        boolean advertised = wan.advertiseAddress().or(() -> lanAdvertiseAddress).isPresent();
        if (advertised && wan.advertisePort().isEmpty() && wan.bindPort() == 0
                && !SwimNodeOptions.isWildcard(wan.bindAddress())) {
            r.problem(GossamerConfig.WAN_ADVERTISE_PORT + " is not set: on a server it is required when an advertise"
                    + " address applies to the WAN pool (" + GossamerConfig.WAN_ADVERTISE_ADDRESS + ", or else "
                    + GossamerConfig.ADVERTISE_ADDRESS + "), " + GossamerConfig.WAN_BIND_PORT + " is 0 and "
                    + GossamerConfig.WAN_BIND_ADDRESS + " names one address");
        }
    }

    /** Whether sockets bound on both addresses with one port would clash. */
    private static boolean overlap(String a, String b) {
        return SwimNodeOptions.isWildcard(a) || SwimNodeOptions.isWildcard(b) || normalize(a).equals(normalize(b));
    }

    private static String normalize(String address) {
        try {
            // Literals only (checked when read): this never looks a name up.
            return InetAddress.getByName(address).getHostAddress();
        } catch (UnknownHostException e) {
            return address;
        }
    }

    /** The {@code gossamer.tags.<name>} keys; each tag checked as peers would, then their size in all. */
    private Map<String, String> tags() {
        Map<String, String> tags = new TreeMap<>();
        for (String name : r.config().getPropertyNames()) {
            if (!name.startsWith(GossamerConfig.TAGS_PREFIX)) {
                continue;
            }
            String tag = name.substring(GossamerConfig.TAGS_PREFIX.length());
            if (tag.isEmpty()) {
                r.problem(name + " has no tag name: expected " + GossamerConfig.TAGS_PREFIX + "<name>=<value>");
                continue;
            }
            Optional<String> v;
            try {
                v = r.config().getOptionalValue(name, String.class);
            } catch (RuntimeException e) {
                r.problem(name + " cannot be read: " + e.getMessage());
                continue;
            }
            // An empty value is a tag with an empty value, not a missing one.
            String value = v.orElse("");
            int nameBytes = tag.getBytes(StandardCharsets.UTF_8).length;
            int valueBytes = value.getBytes(StandardCharsets.UTF_8).length;
            Optional<String> why = Tags.nameProblem(tag).map(p -> "the tag name " + p)
                    .or(() -> Tags.valueProblem(value).map(p -> "the value " + p))
                    // One tag too large is named by its own key, not only as part of the whole.
                    .or(() -> Optional.of("the tag name is " + nameBytes + " bytes of UTF-8, at most "
                            + Tags.MAX_NAME_BYTES + " allowed").filter(p -> nameBytes > Tags.MAX_NAME_BYTES))
                    .or(() -> Optional.of("the value is " + valueBytes + " bytes of UTF-8, at most "
                            + Tags.MAX_VALUE_BYTES + " allowed").filter(p -> valueBytes > Tags.MAX_VALUE_BYTES));
            if (why.isPresent()) {
                r.problem(name + ": " + why.get() + "; peers would drop it");
                continue;
            }
            tags.put(tag, value);
        }
        try {
            Tags.check(tags);
        } catch (IllegalArgumentException e) {
            r.problem(GossamerConfig.TAGS_PREFIX + "* " + tags.keySet() + ": " + e.getMessage()
                    + " (names and values of at most 255 UTF-8 bytes each, " + Tags.MAX_BYTES
                    + " bytes in all, counting 2 + UTF-8 length of name and value per tag)");
        }
        return tags;
    }

    /**
     * Host name and port, which is unique per host as long as ports are fixed; with port 0 the
     * port is not known yet, so the process id and a random suffix take its place.
     */
    static String defaultNodeName(int bindPort) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | RuntimeException e) {
            host = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("gossamer");
        }
        host = host.replaceAll("[^A-Za-z0-9._-]", "-");
        String suffix = bindPort != 0 ? "-" + bindPort
                : "-" + ProcessHandle.current().pid() + "-"
                        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0x100000));
        int room = 128 - suffix.length();
        if (host.isEmpty()) {
            host = "gossamer";
        }
        return (host.length() > room ? host.substring(0, room) : host) + suffix;
    }
}
