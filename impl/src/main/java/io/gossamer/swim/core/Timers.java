package io.gossamer.swim.core;

import java.util.PriorityQueue;
import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;

/** The core's own timer queue, so the driver only ever has to arm one timer: the earliest. */
final class Timers {

    /** A scheduled action; cancel it to make it a no-op. */
    static final class Timer implements Comparable<Timer> {
        private final long at;
        private final long order;
        private final LongConsumer action;
        private boolean cancelled;

        private Timer(long at, long order, LongConsumer action) {
            this.at = at;
            this.order = order;
            this.action = action;
        }

        void cancel() {
            cancelled = true;
        }

        long at() {
            return at;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    private final PriorityQueue<Timer> queue = new PriorityQueue<>();
    private long order;

    /** Schedules {@code action}, which receives the time at which timers are being run. */
    Timer schedule(long at, LongConsumer action) {
        Timer t = new Timer(at, order++, action);
        queue.add(t);
        return t;
    }

    /** Runs every timer due at {@code now}, including those that due timers schedule for {@code now}. */
    void runDue(long now) {
        Timer t;
        while ((t = queue.peek()) != null && t.at <= now) {
            queue.poll();
            if (!t.cancelled) {
                t.action.accept(now);
            }
        }
    }

    /** A random delay below {@code interval}, so that nodes started together do not tick in lockstep. */
    static long stagger(RandomGenerator random, long interval) {
        return interval <= 1 ? 0 : random.nextLong(interval);
    }

    long nextDeadline() {
        Timer t;
        while ((t = queue.peek()) != null && t.cancelled) {
            queue.poll();
        }
        return t == null ? Long.MAX_VALUE : t.at;
    }
}
