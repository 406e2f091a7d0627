package io.gossamer.swim.core;

import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.Message.Dead;
import io.gossamer.swim.wire.Message.Suspect;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BroadcastQueueTest {

    private static int size(Message m) {
        return 10;
    }

    /** Newer news about a member replaces the queued older news and completes it. */
    @Test
    void newsAboutTheSameMemberSupersedes() {
        BroadcastQueue q = new BroadcastQueue(BroadcastQueueTest::size);
        boolean[] done = {false};
        q.queue("a", new Suspect("a", 0, 1, "x"), () -> done[0] = true);
        q.queue("a", new Dead("a", 0, 1, "x"), null);
        assertThat(done[0]).isTrue();
        assertThat(q.size()).isEqualTo(1);
        assertThat(q.take(100, 10, 3)).containsExactly(new Dead("a", 0, 1, "x"));
    }

    /** Least-transmitted news goes first, newest first among equals; the budget is respected. */
    @Test
    void freshNewsFirstWithinBudget() {
        BroadcastQueue q = new BroadcastQueue(BroadcastQueueTest::size);
        q.queue("a", new Suspect("a", 0, 1, "x"), null);
        q.queue("b", new Suspect("b", 0, 1, "x"), null);
        assertThat(q.take(10, 10, 5)).containsExactly(new Suspect("b", 0, 1, "x"));
        q.queue("c", new Suspect("c", 0, 1, "x"), null);
        List<Message> next = q.take(25, 10, 5);
        assertThat(next).containsExactly(new Suspect("c", 0, 1, "x"), new Suspect("a", 0, 1, "x"));
    }

    /** News is dropped, and its completion runs, after the retransmit limit. */
    @Test
    void dropsAfterLimit() {
        BroadcastQueue q = new BroadcastQueue(BroadcastQueueTest::size);
        int[] done = {0};
        q.queue("a", new Suspect("a", 0, 1, "x"), () -> done[0]++);
        assertThat(q.take(100, 10, 2)).hasSize(1);
        assertThat(q.transmits("a")).isEqualTo(1);
        assertThat(q.take(100, 10, 2)).hasSize(1);
        assertThat(q.take(100, 10, 2)).isEmpty();
        assertThat(done[0]).isEqualTo(1);
        assertThat(q.size()).isZero();
    }

    /** At most maxCount messages are taken. */
    @Test
    void respectsMaxCount() {
        BroadcastQueue q = new BroadcastQueue(BroadcastQueueTest::size);
        for (int i = 0; i < 5; i++) {
            q.queue("m" + i, new Suspect("m" + i, 0, 1, "x"), null);
        }
        assertThat(q.take(1000, 3, 9)).hasSize(3);
    }
}
