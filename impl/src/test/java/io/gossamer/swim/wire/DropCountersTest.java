package io.gossamer.swim.wire;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DropCountersTest {

    @Test
    void countsPerReasonAndInTotal() {
        DropCounters c = new DropCounters();
        c.increment(DropReason.LABEL_MISMATCH);
        c.increment(DropReason.LABEL_MISMATCH);
        c.increment(DropReason.TRUNCATED);
        assertThat(c.count(DropReason.LABEL_MISMATCH)).isEqualTo(2);
        assertThat(c.count(DropReason.BAD_MAGIC)).isZero();
        assertThat(c.total()).isEqualTo(3);
    }

    @Test
    void snapshotIsCompleteOrderedAndImmutable() {
        DropCounters c = new DropCounters();
        c.increment(DropReason.TOO_LARGE);
        Map<DropReason, Long> s = c.snapshot();
        assertThat(s.keySet()).containsExactly(DropReason.values());
        assertThat(s.get(DropReason.TOO_LARGE)).isEqualTo(1L);
        c.increment(DropReason.TOO_LARGE);
        assertThat(s.get(DropReason.TOO_LARGE)).isEqualTo(1L);
        assertThatThrownBy(() -> s.put(DropReason.BAD_MAGIC, 5L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void concurrentIncrementsAreAllCounted() throws InterruptedException {
        DropCounters c = new DropCounters();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.execute(() -> {
                for (int i = 0; i < 10_000; i++) {
                    c.increment(DropReason.values()[i % DropReason.values().length]);
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(c.total()).isEqualTo(40_000);
        assertThat(c.snapshot().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(40_000);
    }
}
