package io.gossamer.cdi;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.enterprise.inject.spi.ProcessObserverMethod;

import org.eclipse.microprofile.config.ConfigProvider;

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

    /** Observer methods that may receive membership events, as {@code bean class#type}; for the log. */
    private final Set<String> syncObservers = ConcurrentHashMap.newKeySet();
    private final Set<String> asyncObservers = ConcurrentHashMap.newKeySet();

    /** Fired for every observer method of every enabled bean. */
    protected void processObserverMethod(@Observes ProcessObserverMethod<?, ?> event) {
        ObserverMethod<?> method = event.getObserverMethod();
        if (!DeploymentChecks.mayReceiveMembershipEvents(method.getObservedType())) {
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
        try {
            // The TCCL is the deployment's class loader here on every server tried, so this is the
            // application's configuration.
            DeploymentChecks.check(ConfigProvider.getConfig(), syncObservers, asyncObservers);
        } catch (InvalidConfigurationException e) {
            // Its message says everything; as a cause it would be printed once more below the
            // container's own wrapper, three times in all.
            throw new DeploymentException(e.getMessage());
        } catch (RuntimeException e) {
            throw new DeploymentException("Gossamer cannot read its configuration: " + e, e);
        }
    }

    /** Observer methods that may receive membership events, synchronous ones; for tests and diagnostics. */
    Set<String> synchronousObservers() {
        return Set.copyOf(syncObservers);
    }
}
