package io.gossamer.tck.support;

import io.gossamer.LocalRefutation;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** The local member's refutations as one observer received them; tests wait on it as on an {@link EventLog}. */
public final class RefutationLog {

    private final RecordLog<LocalRefutation> log;

    /** @param owner who received the refutations, for failure messages */
    public RefutationLog(String owner) {
        this.log = new RecordLog<>(owner, RefutationLog::describe);
    }

    public void record(LocalRefutation refutation) {
        log.record(refutation);
    }

    /** Every refutation so far, in order. */
    public List<LocalRefutation> refutations() {
        return log.records();
    }

    /**
     * Waits for the first refutation of news that {@code accuser} raised and returns it; fails
     * after {@code timeout}, listing what was received.
     */
    public LocalRefutation awaitAccusedBy(String accuser, Duration timeout) {
        return log.await("refutation of news from " + accuser, timeout,
                        all -> all.stream().anyMatch(r -> r.accuser().filter(accuser::equals).isPresent()))
                .stream().filter(r -> r.accuser().filter(accuser::equals).isPresent()).findFirst().orElseThrow();
    }

    private static String describe(List<LocalRefutation> refutations) {
        return refutations.stream()
                .map(r -> "  " + r.claimed() + " by " + r.accuser().orElse("-") + ", refuted at incarnation "
                        + r.member().incarnation() + " " + r.pool())
                .collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return log.toString();
    }
}
