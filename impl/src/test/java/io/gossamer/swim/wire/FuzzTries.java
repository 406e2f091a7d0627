package io.gossamer.swim.wire;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Lets a build override the tries of every property it is attached to: {@code
 * -Dgossamer.fuzz.tries=1000000} runs each of them a million times, where the default build keeps
 * the counts written in the {@code @Property} annotations.
 */
public class FuzzTries implements AroundPropertyHook {

    public static final String PROPERTY = "gossamer.fuzz.tries";

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String value = System.getProperty(PROPERTY, "").trim();
        if (!value.isEmpty()) {
            context.attributes().setTries(Integer.parseInt(value));
        }
        return property.execute();
    }

    /** Registered on a class, the hook must reach the class's properties. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    /** Outermost, as jqwik's own {@code @PropertyDefaults} hook is, so the change is seen by the run. */
    @Override
    public int aroundPropertyProximity() {
        return -20;
    }
}
