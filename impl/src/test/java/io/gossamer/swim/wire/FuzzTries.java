package io.gossamer.swim.wire;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Lets a build override the tries of every property it is attached to: {@code
 * -Dgossamer.fuzz.tries=1000000} runs each of them a million times, and
 * {@code -Dgossamer.fuzz.scale=18} runs each 18 times as often as its {@code @Property} says (the
 * {@code fuzz} profile: the 58,000 default tries of the codec's properties become 1,044,000). The default build keeps the counts
 * written in the annotations.
 */
public class FuzzTries implements AroundPropertyHook {

    public static final String PROPERTY = "gossamer.fuzz.tries";
    public static final String SCALE = "gossamer.fuzz.scale";

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String value = System.getProperty(PROPERTY, "").trim();
        String scale = System.getProperty(SCALE, "").trim();
        if (!value.isEmpty()) {
            context.attributes().setTries(Integer.parseInt(value));
        } else if (!scale.isEmpty()) {
            int tries = context.attributes().tries().orElseThrow(() -> new IllegalStateException(
                    context.label() + " has no tries to scale"));
            context.attributes().setTries(Math.multiplyExact(tries, Integer.parseInt(scale)));
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
