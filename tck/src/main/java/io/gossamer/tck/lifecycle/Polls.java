package io.gossamer.tck.lifecycle;

import io.gossamer.GossamerConfig;
import io.gossamer.tck.support.Health;
import io.gossamer.tck.support.TckTiming;

import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waiting for a health check to report a status. A check has no event to wait on, so it is
 * polled, every half probe interval, until the bound.
 */
final class HealthPolls {

    private HealthPolls() {
    }

    /** Polls the Gossamer check among {@code checks} until it reports {@code expected}; fails after {@code bound}. */
    static HealthCheckResponse await(Instance<HealthCheck> checks, String kind, HealthCheckResponse.Status expected,
            TckTiming timing, Duration bound) {
        long pause = Math.max(1, timing.duration(GossamerConfig.PROBE_INTERVAL).toMillis() / 2);
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
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while polling the " + kind + " check");
            }
        }
    }
}
