package io.gossamer.swim.core;

import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.Message.Dead;
import io.gossamer.swim.wire.Message.Suspect;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

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

    /** A peek chooses as a take would, and counts nothing: the news keeps all its transmissions. */
    @Test
    void peekChoosesAsTakeWithoutCounting() {
        BroadcastQueue q = new BroadcastQueue(BroadcastQueueTest::size);
        q.queue("a", new Suspect("a", 0, 1, "x"), null);
        q.queue("b", new Suspect("b", 0, 1, "x"), null);
        assertThat(q.take(10, 10, 5)).containsExactly(new Suspect("b", 0, 1, "x"));
        assertThat(q.peek(25, 10)).containsExactly(new Suspect("a", 0, 1, "x"), new Suspect("b", 0, 1, "x"));
        assertThat(q.peek(25, 10)).as("again: nothing was counted")
                .containsExactly(new Suspect("a", 0, 1, "x"), new Suspect("b", 0, 1, "x"));
        assertThat(q.transmits("a")).isZero();
        assertThat(q.transmits("b")).isEqualTo(1);
        assertThat(q.peek(5, 10)).as("nothing fits").isEmpty();
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

    /** Ids that reach the top of the int range start over, in the same order. */
    @Test
    void idsStartOverInOrder() {
        BroadcastQueue q = new BroadcastQueue(BroadcastQueueTest::size);
        q.nextIdForTest(Integer.MAX_VALUE - 2);
        for (int i = 0; i < 5; i++) {
            q.queue("m" + i, new Suspect("m" + i, 0, 1, "x"), null);
        }
        assertThat(q.take(1000, 10, 9)).extracting(m -> ((Suspect) m).name())
                .containsExactly("m4", "m3", "m2", "m1", "m0");
    }

    /** News queued under another member's name is refused: the index finds news by its member. */
    @Test
    void newsMustBeAboutItsKey() {
        BroadcastQueue q = new BroadcastQueue(BroadcastQueueTest::size);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> q.queue("a", new Suspect("b", 0, 1, "x"), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Against the plain model of the queue (a sorted set by transmissions, then newest first, and a
     * map by name): random queues, replacements, removals and takes with varied sizes, budgets and
     * limits give the same packets, counts and completions.
     */
    @Test
    void behavesAsTheSortedModel() {
        for (long seed = 1; seed <= 30; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            BroadcastQueue q = new BroadcastQueue(m -> 5 + (((Suspect) m).from().length()));
            Model model = new Model();
            List<String> doneQ = new ArrayList<>();
            List<String> doneM = new ArrayList<>();
            int members = 1 + r.nextInt(300);
            for (int step = 0; step < 5_000; step++) {
                int op = r.nextInt(10);
                String key = "m" + r.nextInt(members);
                if (op < 5) {
                    Suspect s = new Suspect(key, 0, step, "x".repeat(r.nextInt(40)));
                    boolean withDone = r.nextInt(8) == 0;
                    q.queue(key, s, withDone ? () -> doneQ.add(key) : null);
                    model.queue(key, s, withDone ? () -> doneM.add(key) : null);
                } else if (op < 6) {
                    q.remove(key);
                    model.remove(key);
                } else {
                    int budget = r.nextInt(400);
                    int max = r.nextInt(12);
                    int limit = 1 + r.nextInt(6);
                    assertThat(q.take(budget, max, limit)).as("seed %d step %d", seed, step)
                            .isEqualTo(model.take(budget, max, limit));
                }
                assertThat(q.size()).isEqualTo(model.byKey.size());
                assertThat(q.transmits(key)).isEqualTo(model.transmits(key));
                assertThat(doneQ).isEqualTo(doneM);
            }
        }
    }

    /** The queue as it was first written: a sorted set and a map. */
    private static final class Model {
        private static final class E {
            final String key;
            final Message message;
            final int size;
            final long id;
            final Runnable onDone;
            int transmits;

            E(String key, Message message, int size, long id, Runnable onDone) {
                this.key = key;
                this.message = message;
                this.size = size;
                this.id = id;
                this.onDone = onDone;
            }
        }

        final TreeSet<E> ordered = new TreeSet<>(Comparator.comparingInt((E e) -> e.transmits)
                .thenComparing(Comparator.comparingLong((E e) -> e.id).reversed()));
        final Map<String, E> byKey = new HashMap<>();
        int smallest = Integer.MAX_VALUE;
        long nextId;

        void queue(String key, Message m, Runnable onDone) {
            remove(key);
            E e = new E(key, m, 5 + ((Suspect) m).from().length(), nextId++, onDone);
            byKey.put(key, e);
            ordered.add(e);
            smallest = Math.min(smallest, e.size);
        }

        void remove(String key) {
            E old = byKey.remove(key);
            if (old != null) {
                ordered.remove(old);
                if (old.onDone != null) {
                    old.onDone.run();
                }
                if (ordered.isEmpty()) {
                    smallest = Integer.MAX_VALUE;
                }
            }
        }

        List<Message> take(int budget, int maxCount, int limit) {
            if (ordered.isEmpty() || budget < smallest || maxCount <= 0) {
                return List.of();
            }
            List<E> chosen = new ArrayList<>();
            int left = budget;
            for (E e : ordered) {
                if (e.size <= left) {
                    chosen.add(e);
                    left -= e.size;
                    if (chosen.size() == maxCount) {
                        break;
                    }
                }
                if (left < smallest) {
                    break;
                }
            }
            List<Message> out = new ArrayList<>();
            for (E e : chosen) {
                out.add(e.message);
                ordered.remove(e);
                e.transmits++;
                if (e.transmits >= limit) {
                    byKey.remove(e.key, e);
                    if (e.onDone != null) {
                        e.onDone.run();
                    }
                } else {
                    ordered.add(e);
                }
            }
            if (ordered.isEmpty()) {
                smallest = Integer.MAX_VALUE;
            }
            return out;
        }

        int transmits(String key) {
            E e = byKey.get(key);
            return e == null ? -1 : e.transmits;
        }
    }
}
