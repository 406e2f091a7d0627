package io.gossamer.swim.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The in-JVM stand-in for SIGSTOP: a node whose protocol runs on one thread is frozen by a task
 * that blocks that thread until {@link #thaw()}; its timers and received messages wait, as they
 * do for a stopped process.
 */
public final class ThreadFreeze {

    private volatile CountDownLatch frozen;

    /** Submits the blocking task with {@code submit} and returns once it holds the thread. */
    public void freeze(Consumer<Runnable> submit) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        frozen = release;
        submit.accept(() -> {
            blocked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        blocked.await(5, TimeUnit.SECONDS);
    }

    /** Lets the thread go; harmless if nothing is frozen. */
    public void thaw() {
        CountDownLatch f = frozen;
        if (f != null) {
            f.countDown();
        }
    }
}
