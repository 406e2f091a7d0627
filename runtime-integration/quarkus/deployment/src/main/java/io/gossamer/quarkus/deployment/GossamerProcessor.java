package io.gossamer.quarkus.deployment;

import io.gossamer.EventName;
import io.gossamer.InDatacenter;
import io.gossamer.InPool;
import io.gossamer.cdi.DeploymentChecks;
import io.gossamer.cdi.GossamerLivenessCheck;
import io.gossamer.cdi.GossamerNode;
import io.gossamer.cdi.GossamerReadinessCheck;
import io.gossamer.cdi.GossamerStartupCheck;
import io.gossamer.quarkus.runtime.GossamerRecorder;
import io.gossamer.quarkus.runtime.NodeStarter;

import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.BeanDiscoveryFinishedBuildItem;
import io.quarkus.arc.deployment.ObserverTransformerBuildItem;
import io.quarkus.arc.processor.ObserverInfo;
import io.quarkus.arc.processor.ObserverTransformer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.FeatureBuildItem;

import jakarta.enterprise.context.Initialized;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Type;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sets Gossamer up in a Quarkus application while it is built: what {@code GossamerExtension},
 * the portable extension that ArC cannot run, does in other containers, and the node's start.
 */
class GossamerProcessor {

    private static final String FEATURE = "gossamer";
    private static final DotName GOSSAMER_NODE = DotName.createSimple(GossamerNode.class);
    private static final DotName INITIALIZED = DotName.createSimple(Initialized.class);

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    /**
     * The node and the health checks, kept although nothing may inject them: the node runs for
     * the application's sake, and the checks are found by type.
     */
    @BuildStep
    AdditionalBeanBuildItem beans() {
        return AdditionalBeanBuildItem.builder()
                .addBeanClasses(GossamerNode.class, GossamerLivenessCheck.class, GossamerReadinessCheck.class,
                        GossamerStartupCheck.class, NodeStarter.class)
                .setUnremovable()
                .build();
    }

    /**
     * The API's qualifiers, known to ArC even where no bean of the application uses them: events
     * are fired with all of them, and ArC refuses a qualifier it has not indexed.
     */
    @BuildStep
    AdditionalBeanBuildItem qualifiers() {
        // In ArC's bean archive index, where it looks for qualifiers; annotations are never beans.
        return new AdditionalBeanBuildItem(InPool.class, InDatacenter.class, EventName.class);
    }

    /** The node starts on Quarkus's start event ({@link NodeStarter}), not when ArC is initialised. */
    @BuildStep
    ObserverTransformerBuildItem startWithTheApplication() {
        return new ObserverTransformerBuildItem(new ObserverTransformer() {
            @Override
            public boolean appliesTo(Type observedType, Set<AnnotationInstance> qualifiers) {
                return qualifiers.stream().anyMatch(q -> q.name().equals(INITIALIZED));
            }

            @Override
            public void transform(TransformationContext context) {
                if (context.getMethod() != null && context.getMethod().declaringClass().name().equals(GOSSAMER_NODE)) {
                    context.veto();
                }
            }
        });
    }

    /** The configuration is checked when the application starts, as Quarkus reads it then. */
    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void check(GossamerRecorder recorder, BeanDiscoveryFinishedBuildItem beans) {
        Set<String> synchronous = new TreeSet<>();
        Set<String> asynchronous = new TreeSet<>();
        Collection<ObserverInfo> observers = beans.getObservers();
        for (ObserverInfo observer : observers) {
            if (mayReceiveMembershipEvents(observer.getObservedType())) {
                String id = observer.getBeanClass() + "#" + observer.getObservedType();
                (observer.isAsync() ? asynchronous : synchronous).add(id);
            }
        }
        recorder.check(synchronous, asynchronous);
    }

    private static boolean mayReceiveMembershipEvents(Type observed) {
        return switch (observed.kind()) {
            case TYPE_VARIABLE, UNRESOLVED_TYPE_VARIABLE, WILDCARD_TYPE -> true;
            case CLASS, PARAMETERIZED_TYPE -> {
                try {
                    ClassLoader loader = Thread.currentThread().getContextClassLoader();
                    yield DeploymentChecks.mayReceiveMembershipEvents(
                            Class.forName(observed.name().toString(), false, loader));
                } catch (ClassNotFoundException | LinkageError e) {
                    yield false;
                }
            }
            default -> false;
        };
    }
}
