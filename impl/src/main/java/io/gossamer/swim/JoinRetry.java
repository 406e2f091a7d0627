package io.gossamer.swim;

import io.gossamer.JoinRefusedException;
import io.gossamer.MemberState;
import io.gossamer.swim.core.JoinRefusal;
import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.transport.SwimDriver;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The one join-with-retry: attempt after attempt, each resolving the seeds' host names again and
 * exchanging state with every address, a failed one retried after a backoff that doubles from
 * {@link SwimNodeOptions#joinBackoff()} up to {@link SwimNodeOptions#joinMaxBackoff()}, each wait
 * shortened at random by up to a half. Either a
 * bounded join ({@link SwimNode#join}) or one that goes on until joined
 * ({@link SwimNode#joinUntilJoined}), where a refused attempt waits on a schedule of its own,
 * from {@link SwimNodeOptions#joinRefusedBackoff()} to {@link SwimNodeOptions#joinRefusedMaxBackoff()},
 * with jitter.
 */
final class JoinRetry {

    private static final System.Logger LOG = System.getLogger("io.gossamer.swim");

    private final Vertx vertx;
    private final SwimDriver driver;
    private final SwimNodeOptions options;
    private final boolean ipv4Only;
    private final BooleanSupplier closed;
    private final BooleanSupplier left;
    private final Set<Promise<JoinAttempt>> pending = ConcurrentHashMap.newKeySet();
    private final SplittableRandom jitter;
    /** One promise per attempt under way, from its start (resolving the seeds) to its outcome. */
    private final Set<Promise<Void>> attemptsUnderWay = ConcurrentHashMap.newKeySet();

    /**
     * One join in progress.
     *
     * @param reports the listener of a join until joined; null for a bounded join
     */
    private static final class Run {
        final List<Seed> seeds;
        final Promise<JoinAttempt> promise;
        final Consumer<JoinAttempt> reports;
        /** The wait after the last refusal before jitter; null until a refusal. Touched by one attempt at a time. */
        Duration refusedWait;

        Run(List<Seed> seeds, Promise<JoinAttempt> promise, Consumer<JoinAttempt> reports) {
            this.seeds = seeds;
            this.promise = promise;
            this.reports = reports;
        }

        List<Seed> seeds() {
            return seeds;
        }

        Promise<JoinAttempt> promise() {
            return promise;
        }

        Consumer<JoinAttempt> reports() {
            return reports;
        }

        boolean untilJoined() {
            return reports != null;
        }
    }

    JoinRetry(Vertx vertx, SwimDriver driver, SwimNodeOptions options, BooleanSupplier closed, BooleanSupplier left) {
        this.vertx = vertx;
        this.driver = driver;
        this.options = options;
        this.closed = closed;
        this.left = left;
        this.ipv4Only = driver.boundAddress().host().indexOf(':') < 0;
        // Its own stream, apart from the protocol's: jitter must not shift a seeded protocol run.
        this.jitter = options.randomSeed().isPresent()
                ? new SplittableRandom(options.randomSeed().getAsLong() ^ 0x6a6f696eL) : new SplittableRandom();
    }

    /**
     * The wait after a refused attempt: the refusal schedule's next step, shortened at random by
     * up to a fifth (never lengthened, so the cap holds; a doubled wait stays longer than the last).
     */
    private Duration afterRefusal(Run run) {
        Duration base = run.refusedWait == null ? options.joinRefusedBackoff()
                : min(run.refusedWait.multipliedBy(2), options.joinRefusedMaxBackoff());
        run.refusedWait = base;
        double factor;
        synchronized (jitter) {
            factor = 1.0 - jitter.nextDouble() * 0.2;
        }
        return Duration.ofMillis(Math.max(1, (long) (base.toMillis() * factor)));
    }

    /**
     * The wait after an attempt no seed answered: the backoff shortened at random by up to a half.
     * Never lengthened, so {@link SwimNodeOptions#joinMaxBackoff()} holds; half of it is spread
     * because a storm's retries need spreading more than a refusal's, which come one by one.
     */
    private Duration jittered(Duration backoff) {
        double factor;
        synchronized (jitter) {
            factor = 1.0 - jitter.nextDouble() * 0.5;
        }
        return Duration.ofMillis(Math.max(1, (long) (backoff.toMillis() * factor)));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** At most {@link SwimNodeOptions#joinAttempts()} attempts; a refusal ends it at once. */
    Future<Integer> join(List<Seed> seeds) {
        return start(seeds, null).map(last -> ((JoinAttempt.Joined) last).contacted());
    }

    /** Attempts until joined (or joined by a peer), each reported; ends when the node leaves or closes. */
    Future<JoinAttempt> untilJoined(List<Seed> seeds, Consumer<JoinAttempt> reports) {
        return start(seeds, reports);
    }

    /** Fails every join in progress: the node is closing, and a retry timer on a closed Vert.x would never fire. */
    void failAll(Throwable cause) {
        new ArrayList<>(pending).forEach(p -> p.tryFail(cause));
        // Whoever waits for an attempt (a held leave) must not wait for a node that is going away.
        new ArrayList<>(attemptsUnderWay).forEach(Promise::tryComplete);
    }

    /**
     * Completes once every join attempt under way now has finished, succeeded or failed (at once
     * if none is). A leave waits for it: a leave that overtakes the node's own join tells nobody,
     * while the seeds the join reaches record the node ALIVE, and later DEAD.
     */
    Future<Void> attemptsFinished() {
        List<Future<Void>> underWay = new ArrayList<>();
        attemptsUnderWay.forEach(p -> underWay.add(p.future()));
        return underWay.isEmpty() ? Future.succeededFuture() : Future.join(underWay).mapEmpty();
    }

    private Future<JoinAttempt> start(List<Seed> seeds, Consumer<JoinAttempt> reports) {
        Promise<JoinAttempt> promise = Promise.promise();
        pending.add(promise);
        promise.future().onComplete(ar -> pending.remove(promise));
        if (closed.getAsBoolean()) {
            promise.tryFail(new IllegalStateException("node closed"));
        }
        attempt(new Run(List.copyOf(seeds), promise, reports), 1, options.joinBackoff());
        return promise.future();
    }

    private boolean stopped(Run run) {
        if (closed.getAsBoolean()) {
            run.promise().tryFail(new IllegalStateException("node closed"));
            return true;
        }
        if (run.untilJoined() && left.getAsBoolean()) {
            run.promise().tryFail(new IllegalStateException("node left"));
            return true;
        }
        return false;
    }

    private void attempt(Run run, int number, Duration backoff) {
        if (stopped(run)) {
            return;
        }
        Promise<Void> underWay = Promise.promise();
        attemptsUnderWay.add(underWay);
        underWay.future().onComplete(x -> attemptsUnderWay.remove(underWay));
        Map<Seed, Object> resolved = new LinkedHashMap<>();
        Future<Map<Seed, Object>> resolving;
        try {
            resolving = vertx.executeBlocking(() -> resolve(run.seeds()), false);
        } catch (RuntimeException e) {
            underWay.tryComplete();
            run.promise().tryFail(new IllegalStateException("node closed", e));
            return;
        }
        resolving.compose(r -> {
            resolved.putAll(r);
            LinkedHashSet<NodeAddress> addresses = new LinkedHashSet<>();
            r.values().forEach(v -> {
                if (v instanceof List<?> list) {
                    list.forEach(a -> addresses.add((NodeAddress) a));
                }
            });
            if (addresses.isEmpty()) {
                return Future.succeededFuture(new SwimDriver.JoinOutcome(0, List.of(), Map.of(), List.of()));
            }
            return driver.join(List.copyOf(addresses));
        }).onComplete(ar -> {
            // The core has merged what the seeds answered: a leave held for this attempt reaches them.
            underWay.tryComplete();
            if (ar.succeeded() && ar.result().contacted() > 0) {
                // Joined through the others; a seed of another pool in the list is still a mistake.
                for (JoinRefusal r : ar.result().refusals()) {
                    LOG.log(Level.WARNING, () -> driver.config().name() + ": seed " + r.seed() + " refused the join: "
                            + r.reason() + " (" + r.detail() + "): " + r.reason().description());
                }
                end(run, new JoinAttempt.Joined(number, ar.result().contacted()));
                return;
            }
            String report = ar.succeeded() ? report(run.seeds(), resolved, ar.result())
                    : "join attempt failed: " + ar.cause();
            Optional<JoinRefusedException> refusal = ar.succeeded()
                    ? ar.result().refusals().stream().findFirst().map(first -> refused(first, report))
                    : Optional.empty();
            Duration next = backoff.multipliedBy(2).compareTo(options.joinMaxBackoff()) > 0
                    ? options.joinMaxBackoff() : backoff.multipliedBy(2);
            // Silence is retried on the engine's schedule, which a refusal leaves where it was,
            // with jitter: joiners that failed together (a storm through one busy seed) must not
            // come back together.
            Duration wait = jittered(backoff);
            if (run.untilJoined()) {
                Throwable failure = refusal.<Throwable>map(r -> r).orElseGet(() -> ar.succeeded()
                        ? new IOException("no seed answered: " + report) : new IOException(report, ar.cause()));
                if (stopped(run)) {
                    return;
                }
                if (driver.view().members().stream().filter(m -> m.state() == MemberState.ALIVE).count() > 1) {
                    end(run, new JoinAttempt.JoinedByPeer(number, failure));
                    return;
                }
                if (refusal.isPresent()) {
                    wait = afterRefusal(run);
                    next = backoff;
                }
                run.reports().accept(new JoinAttempt.Failed(number, failure, wait));
            } else {
                if (refusal.isPresent()) {
                    // A refusal is a configuration mistake (a seed of another pool): trying again
                    // cannot help, and the reason is what the caller needs.
                    run.promise().tryFail(refusal.get());
                    return;
                }
                if (number >= options.joinAttempts() || closed.getAsBoolean()) {
                    run.promise().tryFail(new IOException("join failed after " + number + " attempt"
                            + (number == 1 ? "" : "s") + ", no seed answered: " + report));
                    return;
                }
                Duration retryIn = wait;
                LOG.log(Level.DEBUG, () -> "join attempt " + number + " failed, retrying in " + retryIn + ": " + report);
            }
            Duration following = next;
            try {
                vertx.setTimer(Math.max(1, wait.toMillis()), t -> attempt(run, number + 1, following));
            } catch (RuntimeException e) {
                // Vert.x closed under us (the node is closing).
                run.promise().tryFail(new IllegalStateException("node closed", e));
            }
        });
    }

    private static void end(Run run, JoinAttempt last) {
        if (run.untilJoined()) {
            run.reports().accept(last);
        }
        run.promise().tryComplete(last);
    }

    private static JoinRefusedException refused(JoinRefusal first, String report) {
        return new JoinRefusedException(first.reason(), first.seed().toString(), first.detail(),
                "join refused (" + first.reason() + ": " + first.reason().description() + "): " + report);
    }

    /** Blocking: runs on a worker thread. A seed maps to its addresses, or to why it has none. */
    private Map<Seed, Object> resolve(List<Seed> seeds) {
        Map<Seed, Object> out = new LinkedHashMap<>();
        for (Seed seed : seeds) {
            try {
                List<NodeAddress> addresses = new ArrayList<>();
                for (InetAddress a : InetAddress.getAllByName(seed.host())) {
                    if (!ipv4Only || a instanceof Inet4Address) {
                        addresses.add(new NodeAddress(a.getHostAddress(), seed.port()));
                    }
                }
                out.put(seed, addresses.isEmpty()
                        ? "no " + (ipv4Only ? "IPv4 " : "") + "address for " + seed.host() : addresses);
            } catch (UnknownHostException e) {
                out.put(seed, "cannot resolve " + seed.host() + ": " + e.getMessage());
            } catch (RuntimeException e) {
                out.put(seed, "cannot resolve " + seed.host() + ": " + e);
            }
        }
        return out;
    }

    private static String report(List<Seed> seeds, Map<Seed, Object> resolved, SwimDriver.JoinOutcome outcome) {
        List<String> unmatched = new ArrayList<>(outcome.errors());
        StringBuilder sb = new StringBuilder();
        for (Seed seed : seeds) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append('\'').append(seed.spec()).append("' ");
            Object r = resolved.get(seed);
            if (!(r instanceof List<?> list)) {
                sb.append(r == null ? "not resolved" : r);
                continue;
            }
            List<String> parts = new ArrayList<>();
            for (Object o : list) {
                NodeAddress a = (NodeAddress) o;
                String why = outcome.streamErrors().get(a);
                String core = outcome.errors().stream().filter(e -> e.contains(a.toString())).findFirst().orElse(null);
                if (core != null) {
                    unmatched.remove(core);
                }
                parts.add(a + ": " + (why != null ? why : core != null ? core : "no answer"));
            }
            sb.append("-> ").append(String.join(", ", parts));
        }
        if (!unmatched.isEmpty()) {
            sb.append(" (").append(String.join("; ", unmatched)).append(')');
        }
        return sb.toString();
    }
}
