package io.gossamer.swim;

import io.gossamer.Member;
import io.gossamer.MemberState;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Helpers shared by the real-network tests: everything on 127.0.0.1, ephemeral ports, bounded waits. */
final class TestSupport {

    /** Upper bound for any single blocking step (start, join, close) of a test. */
    static final Duration STEP = Duration.ofSeconds(20);

    /**
     * Bound for a small cluster of {@link #local} nodes, each joined through one seed, to see every
     * member ALIVE. The protocol's part is about a second: in the simulator, n = 3 to 10 nodes of
     * the local profile joining through one seed at once see each other within 1.02 s on each of
     * 3,000 seeds ({@code LocalProfileStragglerScenarioTest}; a joiner's second push-pull one probe
     * interval after its join catches a fellow joiner it missed). The rest is slack for a busy
     * build machine and a fresh JVM's first streams, which may time out (1 s) and retry the join.
     * It was two push-pull intervals (30 s) while the local profile's news was sent only twice.
     */
    static final Duration CONVERGED = Duration.ofSeconds(10);

    private TestSupport() {
    }

    static Vertx newVertx() {
        return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2));
    }

    static <T> T await(Future<T> future) {
        return await(future, STEP);
    }

    static <T> T await(Future<T> future, Duration timeout) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError("future failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("future not complete within " + timeout, e);
        }
    }

    /** Waits for a future expected to fail and returns its failure. */
    static Throwable awaitFailure(Future<?> future, Duration timeout) {
        try {
            Object value = future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("future not complete within " + timeout, e);
        }
    }

    static SwimConfig.Builder local(String name) {
        return SwimConfig.builder(Profile.LOCAL).name(name).cluster("test");
    }

    static SwimNodeOptions.Builder loopback(Vertx vertx) {
        return SwimNodeOptions.builder().bindHost("127.0.0.1").bindPort(0).vertx(vertx)
                .closeTimeout(Duration.ofSeconds(5));
    }

    static String seedOf(SwimNode node) {
        return "127.0.0.1:" + node.localMember().port();
    }

    static Optional<Member> memberNamed(SwimNode node, String name) {
        return node.members().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    static Optional<MemberState> stateOf(SwimNode node, String name) {
        return memberNamed(node, name).map(Member::state);
    }

    /** Closes every node, then the Vert.x instance, each step bounded. */
    static void closeAll(List<SwimNode> nodes, Vertx vertx) {
        List<Future<Void>> closing = new ArrayList<>();
        for (SwimNode n : nodes) {
            closing.add(n.closeAsync());
        }
        try {
            await(Future.join(closing).<Void>mapEmpty(), STEP);
        } finally {
            if (vertx != null) {
                await(vertx.close(), STEP);
            }
        }
    }
}
