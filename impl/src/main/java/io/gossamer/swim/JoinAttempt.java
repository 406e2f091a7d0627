package io.gossamer.swim;

import java.time.Duration;
import java.util.Objects;

/**
 * How one attempt of {@link SwimNode#joinUntilJoined} ended, as reported to its listener on the
 * node's event loop. {@link Joined} and {@link JoinedByPeer} are the last report.
 */
public sealed interface JoinAttempt {

    /** Which attempt: 1 for the first. */
    int number();

    /**
     * A seed answered: the node is in the pool.
     *
     * @param number    which attempt
     * @param contacted the number of seed addresses that answered
     */
    record Joined(int number, int contacted) implements JoinAttempt {
    }

    /**
     * No seed answered, but a peer has joined this node meanwhile: it is in the pool, and the
     * periodic state exchange does the rest. No more attempts.
     *
     * @param number  which attempt
     * @param failure why the attempt failed
     */
    record JoinedByPeer(int number, Throwable failure) implements JoinAttempt {
        public JoinedByPeer {
            Objects.requireNonNull(failure, "failure");
        }
    }

    /**
     * The attempt failed; the next one follows after {@code retryIn}.
     *
     * @param number  which attempt
     * @param failure why: an {@link java.io.IOException} naming every seed with its error, or a
     *                {@link io.gossamer.JoinRefusedException} if a seed refused the join (retried
     *                all the same, more slowly: the seed's configuration may be corrected meanwhile)
     * @param retryIn the wait before the next attempt: after a refusal, from
     *                {@link SwimNodeOptions#joinRefusedBackoff()} doubling to
     *                {@link SwimNodeOptions#joinRefusedMaxBackoff()}, with jitter
     */
    record Failed(int number, Throwable failure, Duration retryIn) implements JoinAttempt {
        public Failed {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(retryIn, "retryIn");
        }
    }
}
