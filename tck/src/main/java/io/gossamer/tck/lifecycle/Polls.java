package io.gossamer.tck.lifecycle;

import io.gossamer.GossamerConfig;
import io.gossamer.tck.support.Health;
import io.gossamer.tck.support.TckTiming;

import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waiting for what no event announces (a health check's status, a member forgotten by a peer
 * without an event of its own): polled every half probe interval until the bound.
 */
final class Polls {

    private Polls() {
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} after {@code bound}. */
    static void until(String what, TckTiming timing, Duration bound, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                fail("no " + what + " within " + bound);
            }
            pause(timing, what);
        }
    }

    private static void pause(TckTiming timing, String what) {
        try {
            Thread.sleep(Math.max(1, timing.duration(GossamerConfig.PROBE_INTERVAL).toMillis() / 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while waiting for " + what);
        }
    }

    /** Polls the Gossamer check among {@code checks} until it reports {@code expected}; fails after {@code bound}. */
    static HealthCheckResponse health(Instance<HealthCheck> checks, String kind, HealthCheckResponse.Status expected,
            TckTiming timing, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            HealthCheckResponse r = Health.call(checks, kind);
            if (r.getStatus() == expected) {
                return r;
            }
            if (System.nanoTime() - deadline >= 0) {
                fail(kind + " check not " + expected + " within " + bound + ": " + r.getStatus() + " "
                        + r.getData().orElse(null));
            }
            pause(timing, "the " + kind + " check");
        }
    }
}
