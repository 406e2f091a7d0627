package io.gossamer.swim.bench;

/**
 * Where nodes report what they observe. The sink stamps each record with {@link System#nanoTime()}
 * when it is called, so every system is timed the same way: at the moment its events reach the
 * harness, delivery latency included.
 */
@FunctionalInterface
public interface EventSink {

    /**
     * @param observer the node that saw the transition
     * @param subject  the member it concerns
     * @param kind     what happened
     */
    void record(String observer, String subject, EventKind kind);
}
