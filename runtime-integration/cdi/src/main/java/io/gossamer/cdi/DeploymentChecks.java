package io.gossamer.cdi;

import io.gossamer.GossamerConfig;
import io.gossamer.MembershipEvent;

import org.eclipse.microprofile.config.Config;

import java.lang.System.Logger.Level;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.List;
import java.util.Set;

/**
 * What Gossamer checks and tells when an application is deployed, whichever container runs it:
 * {@link GossamerExtension} calls it when a CDI container validates the deployment, the Quarkus
 * extension when the application starts. One place, so that a bad value fails, and a doubtful one
 * is warned about, in the same words everywhere.
 */
public final class DeploymentChecks {

    private static final System.Logger LOG = System.getLogger("io.gossamer.cdi");

    private DeploymentChecks() {
    }

    /**
     * Reads and checks the configuration, logs what is allowed but probably not meant, and, when the
     * node is to start, which observer methods may receive membership events.
     *
     * @param synchronous  observer methods that may receive membership events, as
     *                     {@code bean class#type}
     * @param asynchronous the same, for asynchronous observers
     * @throws InvalidConfigurationException naming every bad value (a misspelt key included), with
     *                                       the key, the value and what is allowed
     */
    public static void check(Config config, Set<String> synchronous, Set<String> asynchronous) {
        if (configuration(config).enabled()) {
            observers(synchronous, asynchronous);
        }
    }

    private static GossamerSettings configuration(Config config) {
        // A misspelt key fails here, with the key meant; others of the namespace are warned about.
        GossamerSettings settings = GossamerSettings.from(config);
        KeyAudit.unknownKeysWarning(config).ifPresent(w -> LOG.log(Level.WARNING, w));
        if (!settings.enabled()) {
            LOG.log(Level.INFO, () -> GossamerConfig.ENABLED + "=false: the Gossamer node will not start");
            return settings;
        }
        KeyAudit.unnamedCluster(config).ifPresent(w -> LOG.log(Level.WARNING, w));
        if (!settings.server()) {
            List<String> ignored = KeyAudit.wanKeysSet(config);
            if (!ignored.isEmpty()) {
                // A warning, not a failure: one configuration file is often shared by servers and
                // clients, the role alone set per node. A malformed value has failed above anyway.
                LOG.log(Level.WARNING, () -> GossamerConfig.ROLE + "=" + settings.role() + ": " + ignored
                        + " ignored, only a server has a WAN pool");
            }
        }
        KeyFile.readableByOthers(config).ifPresent(file -> LOG.log(Level.WARNING, () ->
                GossamerConfig.ENCRYPT_KEY_FILE + " " + file + " can be read by other users of this host: whoever "
                        + "reads it can join the cluster and forge its messages; restrict it to its owner (chmod 600)"));
        return settings;
    }

    /**
     * None is legitimate (an application may use only {@code Membership} and the health checks),
     * so it is said, not refused.
     */
    private static void observers(Set<String> synchronous, Set<String> asynchronous) {
        if (synchronous.isEmpty() && asynchronous.isEmpty()) {
            LOG.log(Level.INFO, "no observer method receives Gossamer membership events");
        } else {
            LOG.log(Level.DEBUG, () -> "membership event observers: synchronous " + synchronous
                    + ", asynchronous " + asynchronous);
        }
    }

    /** Whether an observer of {@code observed} can be resolved for some membership event. */
    public static boolean mayReceiveMembershipEvents(Type observed) {
        Class<?> raw;
        if (observed instanceof Class<?> c) {
            raw = c;
        } else if (observed instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            raw = c;
        } else if (observed instanceof TypeVariable<?> || observed instanceof WildcardType) {
            return true;
        } else {
            return false;
        }
        // Object or MembershipEvent itself, or one of the event records.
        return raw.isAssignableFrom(MembershipEvent.class) || MembershipEvent.class.isAssignableFrom(raw);
    }
}
