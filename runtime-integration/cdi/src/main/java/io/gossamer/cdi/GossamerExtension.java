package io.gossamer.cdi;

import io.gossamer.GossamerConfig;
import io.gossamer.MembershipEvent;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.enterprise.inject.spi.ProcessObserverMethod;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.lang.System.Logger.Level;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gossamer's portable extension: it checks the configuration when the deployment is validated,
 * so that a bad value fails the deployment with a message naming the key, the value and what is
 * allowed, all problems together.
 *
 * <p>It also notes which observer methods may receive membership events, only to tell the
 * operator when there are none. It owns no runtime resource and looks up no bean: the node lives
 * in an application-scoped bean of this jar (a bean archive), which is what works on every
 * server tried (Weld, Payara, WildFly, Open Liberty, TomEE, Helidon).
 */
public class GossamerExtension implements Extension {

    private static final System.Logger LOG = System.getLogger("io.gossamer.cdi");

    /** Observer methods that may receive membership events, as {@code bean class#type}; for the log. */
    private final Set<String> syncObservers = ConcurrentHashMap.newKeySet();
    private final Set<String> asyncObservers = ConcurrentHashMap.newKeySet();

    /** Fired for every observer method of every enabled bean. */
    protected void processObserverMethod(@Observes ProcessObserverMethod<?, ?> event) {
        ObserverMethod<?> method = event.getObserverMethod();
        if (!mayReceiveMembershipEvents(method.getObservedType())) {
            return;
        }
        String id = method.getBeanClass().getName() + "#" + method.getObservedType().getTypeName();
        (method.isAsync() ? asyncObservers : syncObservers).add(id);
    }

    /**
     * Checks the configuration, reporting every bad value in one deployment problem.
     *
     * <p>The problem is thrown rather than added with {@code addDeploymentProblem}: the CDI
     * specification treats an exception thrown by an {@code AfterDeploymentValidation} observer
     * as a deployment problem as well, and it keeps our message in the failure's cause chain on
     * every container, whereas OpenWebBeans 2.0 (TomEE 9) replaces added problems by a generic
     * exception without a cause, so that neither the deployer nor the server log said which key
     * was wrong.
     */
    protected void afterDeploymentValidation(@Observes AfterDeploymentValidation event) {
        GossamerSettings settings;
        Config config;
        try {
            // The TCCL is the deployment's class loader here on every server tried, so this is the
            // application's configuration.
            config = ConfigProvider.getConfig();
            // A misspelt key fails here, with the key meant; others of the namespace are warned about.
            settings = GossamerSettings.from(config);
            KeyAudit.unknownKeysWarning(config).ifPresent(w -> LOG.log(Level.WARNING, w));
        } catch (InvalidConfigurationException e) {
            // Its message says everything; as a cause it would be printed once more below the
            // container's own wrapper, three times in all.
            throw new DeploymentException(e.getMessage());
        } catch (RuntimeException e) {
            throw new DeploymentException("Gossamer cannot read its configuration: " + e, e);
        }
        if (!settings.enabled()) {
            LOG.log(Level.INFO, () -> GossamerConfig.ENABLED + "=false: the Gossamer node will not start");
            return;
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
        if (syncObservers.isEmpty() && asyncObservers.isEmpty()) {
            // Legitimate (an application may use only Membership and the health checks), so not a problem.
            LOG.log(Level.INFO, "no observer method receives Gossamer membership events");
        } else {
            LOG.log(Level.DEBUG, () -> "membership event observers: synchronous " + syncObservers
                    + ", asynchronous " + asyncObservers);
        }
    }

    /** Observer methods that may receive membership events, synchronous ones; for tests and diagnostics. */
    Set<String> synchronousObservers() {
        return Set.copyOf(syncObservers);
    }

    /** Whether an observer of {@code observed} can be resolved for some membership event. */
    static boolean mayReceiveMembershipEvents(Type observed) {
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
