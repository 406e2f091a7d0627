package io.gossamer.tck.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waits for a condition that no event announces (a member forgotten, a health check changed),
 * checking it every {@code every} until {@code timeout}: the wait ends as soon as the condition
 * holds, so a passing run is as fast as the implementation.
 */
public final class Poll {

    private Poll() {
    }

    /**
     * Waits until {@code condition} holds; fails after {@code timeout} naming {@code expectation}
     * and what {@code state} says then.
     */
    public static void until(String expectation, Duration timeout, Duration every, BooleanSupplier condition,
            Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                fail("no " + expectation + " within " + timeout + ": " + state.get());
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + expectation);
            }
        }
    }
}
