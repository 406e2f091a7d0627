package io.gossamer.swim.sim;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Gives each simulation test a {@link SimSeed} and makes every failure name it.
 *
 * <p>The default seed is a fixed function of the test's class and method name, so the build is
 * deterministic; {@code -Dgossamer.sim.seed=N} replaces it (to replay a failure, or to explore other
 * seeds). A failing test's message is prefixed with the seed and the exact command to replay it.
 */
public final class SimSeedExtension implements ParameterResolver, TestExecutionExceptionHandler {

    public static final String PROPERTY = "gossamer.sim.seed";
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SimSeedExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == SimSeed.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return e.getStore(NS).getOrComputeIfAbsent("seed", k -> seedFor(e), SimSeed.class);
    }

    static SimSeed seedFor(ExtensionContext e) {
        String override = System.getProperty(PROPERTY);
        if (override != null && !override.isBlank()) {
            return new SimSeed(Long.parseLong(override.trim()), true);
        }
        String id = e.getRequiredTestClass().getName() + "#" + e.getRequiredTestMethod().getName();
        return new SimSeed(mix(id.hashCode()), false);
    }

    private static long mix(long z) {
        // SplitMix64 finaliser: spreads the small hash over all 64 bits
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext e, Throwable t) throws Throwable {
        SimSeed seed = e.getStore(NS).get("seed", SimSeed.class);
        if (seed == null) {
            throw t;
        }
        String replay = "[simulation seed " + seed.value() + "; replay: mvn -B -pl impl -am verify -D" + PROPERTY + "="
                + seed.value() + " -Dtest=" + e.getRequiredTestClass().getSimpleName() + "#"
                + e.getRequiredTestMethod().getName() + " -Dsurefire.failIfNoSpecifiedTests=false"
                + (e.getTags().contains("soak") ? " -Psoak" : "") + "] ";
        AssertionError wrapped = new AssertionError(replay + t.getMessage(), t);
        wrapped.setStackTrace(t.getStackTrace());
        throw wrapped;
    }
}
