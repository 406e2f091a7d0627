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
            pause(every, expectation);
        }
    }

    /**
     * Checks {@code condition} every {@code every} for the whole of {@code window} and fails as
     * soon as it does not hold, naming {@code promise} and what {@code state} says then: a bounded
     * negative wait for what no event announces (a counter that must not move).
     */
    public static void holds(String promise, Duration window, Duration every, BooleanSupplier condition,
            Supplier<String> state) {
        long deadline = System.nanoTime() + window.toNanos();
        while (true) {
            if (!condition.getAsBoolean()) {
                fail(promise + " does not hold: " + state.get());
            }
            if (System.nanoTime() - deadline >= 0) {
                return;
            }
            pause(every, promise);
        }
    }

    private static void pause(Duration every, String what) {
        try {
            Thread.sleep(every.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while waiting for " + what);
        }
    }
}
