package io.gossamer.cdi;

import io.gossamer.JoinRefusedException;
import io.gossamer.RefusalReason;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refusal that goes on is warned of once per interval, a different one at once; other failures
 * once a minute.
 */
class JoinWarningsTest {

    private static JoinRefusedException refusal(RefusalReason reason, String seed) {
        return new JoinRefusedException(reason, seed, "s (cluster c, pool lan, datacenter dc2, role server)", "refused");
    }

    @Test
    void theSameRefusalIsWarnedOfOncePerInterval() {
        AtomicLong now = new AtomicLong();
        JoinWarnings warnings = new JoinWarnings(now::get);
        JoinRefusedException foreign = refusal(RefusalReason.FOREIGN_DATACENTER, "10.0.0.6:7946");

        assertThat(warnings.warn(foreign)).isTrue();
        now.addAndGet(JoinWarnings.REFUSAL_INTERVAL.toNanos() - 1);
        assertThat(warnings.warn(foreign)).isFalse();
        // Another seed, or another reason, is news.
        assertThat(warnings.warn(refusal(RefusalReason.FOREIGN_DATACENTER, "10.0.0.7:7946"))).isTrue();
        assertThat(warnings.warn(refusal(RefusalReason.FOREIGN_CLUSTER, "10.0.0.7:7946"))).isTrue();
        assertThat(warnings.warn(refusal(RefusalReason.FOREIGN_CLUSTER, "10.0.0.7:7946"))).isFalse();
        now.addAndGet(JoinWarnings.REFUSAL_INTERVAL.toNanos());
        assertThat(warnings.warn(refusal(RefusalReason.FOREIGN_CLUSTER, "10.0.0.7:7946"))).isTrue();
    }

    @Test
    void attemptsThatKeepFailingAreWarnedOfOnceAMinute() {
        AtomicLong now = new AtomicLong();
        JoinWarnings warnings = new JoinWarnings(now::get);
        assertThat(warnings.warnFailure()).as("the first").isTrue();
        now.addAndGet(JoinWarnings.FAILURE_INTERVAL.toNanos() - 1);
        assertThat(warnings.warnFailure()).isFalse();
        now.addAndGet(1);
        assertThat(warnings.warnFailure()).as("a minute on").isTrue();
        assertThat(warnings.warnFailure()).isFalse();
        // Refusals are counted apart.
        assertThat(warnings.warn(refusal(RefusalReason.FOREIGN_CLUSTER, "10.0.0.7:7946"))).isTrue();
    }
}
