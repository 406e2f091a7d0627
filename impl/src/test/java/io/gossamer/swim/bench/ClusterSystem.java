package io.gossamer.swim.bench;

import java.util.Map;

/**
 * A membership system under test: something that can run nodes on 127.0.0.1 and tell the
 * harness what they see. The scenarios ({@link ClusterRun}) and the statistics only know this
 * interface, so another implementation (Serf agents as processes, ScaleCube in this JVM) can be
 * measured by the same code and reported in the same table.
 *
 * <p>One instance serves one run: it is created, asked for nodes, and closed, after which every
 * node it started must be stopped.
 */
public interface ClusterSystem extends AutoCloseable {

    /** Short name for reports, e.g. {@code gossamer}. */
    String name();

    /** The timing profile the nodes run with. */
    TimingProfile profile();

    /** The effective settings worth printing next to the results (timings, version). */
    Map<String, String> settings();

    /**
     * Starts one node bound to 127.0.0.1 on a free port, not yet joined. The node reports what it
     * observes to {@code events} from the moment it starts.
     *
     * @param name unique member name
     */
    BenchNode startNode(String name, EventSink events) throws Exception;

    /**
     * Told before any node starts which node the run will {@linkplain BenchNode#pause() pause}, for
     * systems that must host that node apart (its own event loop) to freeze it alone.
     */
    default void willPause(String name) {
    }

    /**
     * The traffic of {@code nodes} between two wall-clock instants (milliseconds since the epoch,
     * both on a 10 s boundary), for systems whose counters come in wall-clock intervals rather than
     * as running totals (Serf's in-memory metrics). Empty: the difference of
     * {@link BenchNode#traffic()} totals read at both ends is used.
     */
    default java.util.Optional<Traffic> windowTraffic(java.util.List<BenchNode> nodes, long fromMillis,
                                                      long toMillis) {
        return java.util.Optional.empty();
    }

    /**
     * How CPU and memory are read for this system. An in-JVM system reads its own JVM; a
     * system running as processes would sum over them.
     */
    ResourceProbe resources();

    /** Stops every node still running and releases shared resources. Never throws. */
    @Override
    void close();
}
