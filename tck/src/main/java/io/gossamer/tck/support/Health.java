package io.gossamer.tck.support;

import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Gossamer's health checks, found by name among the checks of one kind: a runtime may add
 * checks of its own, so the TCK never counts them all.
 */
public final class Health {

    /** The name of every Gossamer check. */
    public static final String NAME = "gossamer";

    private Health() {
    }

    /** The response of the one check named {@value #NAME} among {@code checks}. */
    public static HealthCheckResponse call(Instance<HealthCheck> checks, String kind) {
        List<HealthCheckResponse> named = checks.stream().map(HealthCheck::call)
                .filter(r -> NAME.equals(r.getName())).toList();
        assertEquals(1, named.size(), kind + " checks named " + NAME + ": " + named);
        return named.get(0);
    }

    /**
     * Polls the check named {@value #NAME} among {@code checks} every {@code every} until it
     * reports {@code expected}, and returns that response; fails after {@code bound}.
     */
    public static HealthCheckResponse awaitStatus(Instance<HealthCheck> checks, String kind,
            HealthCheckResponse.Status expected, Duration every, Duration bound) {
        HealthCheckResponse[] last = new HealthCheckResponse[1];
        Poll.until(kind + " " + expected, bound, every, () -> {
            last[0] = call(checks, kind);
            return last[0].getStatus() == expected;
        }, () -> last[0].getStatus() + " " + last[0].getData().orElse(null));
        return last[0];
    }
}
