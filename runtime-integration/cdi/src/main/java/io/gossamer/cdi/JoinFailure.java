package io.gossamer.cdi;

import io.gossamer.JoinRefusedException;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a pool's background join last failed, while the pool is not joined: what readiness reports
 * of it ({@code join-*} data).
 *
 * @param attempts how many attempts have failed so far
 * @param retryIn  the wait announced before the next attempt
 * @param refusal  the refusal, when a seed refused the last attempt: a configuration mistake that
 *                 keeps the node out until it is corrected
 */
public record JoinFailure(int attempts, Duration retryIn, Optional<JoinRefusedException> refusal) {

    public JoinFailure {
        Objects.requireNonNull(retryIn, "retryIn");
        Objects.requireNonNull(refusal, "refusal");
    }
}
