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
     * member ALIVE. News of a joiner is sent only retransmit-mult × ⌈log10(n + 1)⌉ times (twice
     * here) and any outgoing packet carries it, those to the joiner itself included; so in a
     * cluster of three both copies can go to the joiner and its seed, and the third member learns
     * of it only at the next push-pull (the simulator: 5 of 3,000 seeds of that join took over
     * 10 s, the longest 13.1 s). Two push-pull intervals of the local profile cover that.
     */
    static final Duration CONVERGED = SwimConfig.builder(Profile.LOCAL).build().pushPullInterval().multipliedBy(2);

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
