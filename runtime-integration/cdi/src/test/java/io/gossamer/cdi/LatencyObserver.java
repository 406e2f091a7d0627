package io.gossamer.cdi;

import io.gossamer.MembershipEvent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Measures how long each membership event took from the core reporting the transition
 * ({@link MembershipEvent#at()}) to an observer being called, for a synchronous and an
 * asynchronous observer. It does nothing else, so what it measures is Gossamer's delivery path:
 * the hand-off to the delivery thread, the queue behind it, observer resolution and the call.
 */
@ApplicationScoped
public class LatencyObserver {

    /** Microsecond samples, 3 significant digits, resized as needed. */
    private final Recorder sync = new Recorder(3);
    private final Recorder async = new Recorder(3);
    private final Map<String, LongAdder> syncNames = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> kinds = new ConcurrentHashMap<>();
    private static final int SLOWEST = 5;
    /** The slowest synchronous deliveries, fastest first. */
    private final PriorityQueue<Sample> slowest = new PriorityQueue<>(Comparator.comparingLong(Sample::micros));

    /** One delivery. */
    public record Sample(long micros, MembershipEvent event) {
    }

    void onEvent(@Observes MembershipEvent event) {
        long us = micros(event);
        sync.recordValue(us);
        synchronized (slowest) {
            slowest.add(new Sample(us, event));
            if (slowest.size() > SLOWEST) {
                slowest.poll();
            }
        }
        kinds.computeIfAbsent(event.getClass().getSimpleName(), k -> new LongAdder()).increment();
        syncNames.computeIfAbsent(event.getClass().getSimpleName() + " " + event.member().name(),
                k -> new LongAdder()).increment();
    }

    void onEventAsync(@ObservesAsync MembershipEvent event) {
        async.recordValue(micros(event));
    }

    private static long micros(MembershipEvent event) {
        // Both clocks are the system's wall clock; a step backwards would read as 0, never negative.
        return Math.max(0, Duration.between(event.at(), Instant.now()).toNanos() / 1_000);
    }

    /** The synchronous observer's latencies since the last call, in microseconds. */
    public Histogram takeSync() {
        return sync.getIntervalHistogram();
    }

    /** The asynchronous observer's latencies since the last call, in microseconds. */
    public Histogram takeAsync() {
        return async.getIntervalHistogram();
    }

    /** The slowest synchronous deliveries since the last call, slowest first. */
    public List<Sample> takeSlowest() {
        List<Sample> out;
        synchronized (slowest) {
            out = new ArrayList<>(slowest);
            slowest.clear();
        }
        out.sort(Comparator.comparingLong(Sample::micros).reversed());
        return out;
    }

    /** How many events of each kind the synchronous observer has seen, by simple class name. */
    public Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        kinds.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** How many times the synchronous observer saw {@code kind} about the member {@code name}. */
    public long count(Class<? extends MembershipEvent> kind, String name) {
        LongAdder a = syncNames.get(kind.getSimpleName() + " " + name);
        return a == null ? 0 : a.sum();
    }
}
