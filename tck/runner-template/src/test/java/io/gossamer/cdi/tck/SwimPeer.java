package io.gossamer.cdi.tck;

import io.gossamer.ClusterEvent;
import io.gossamer.Member;
import io.gossamer.Pool;
import io.gossamer.QueryListener;
import io.gossamer.QueryOptions;
import io.gossamer.QueryResult;
import io.gossamer.swim.SwimNode;
import io.gossamer.tck.spi.Peer;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** One TCK peer: a {@link SwimNode} per pool, on the peer's own single-loop Vert.x. */
final class SwimPeer implements Peer {

    private static final Duration STEP = Duration.ofSeconds(20);

    private final Map<Pool, SwimNode> pools;
    private final Vertx vertx;
    private final Consumer<Boolean> deafening;
    private final Duration leaveTimeout;
    private CountDownLatch frozen;
    private boolean closed;

    SwimPeer(Map<Pool, SwimNode> pools, Vertx vertx, Consumer<Boolean> deafening, Duration leaveTimeout) {
        this.pools = Map.copyOf(pools);
        this.vertx = vertx;
        this.deafening = deafening;
        this.leaveTimeout = leaveTimeout;
    }

    private SwimNode node(Pool pool) {
        SwimNode n = pools.get(pool);
        if (n == null) {
            throw new IllegalStateException("this peer is not a server: it has no " + pool + " pool");
        }
        return n;
    }

    @Override
    public Member localMember(Pool pool) {
        return node(pool).localMember();
    }

    @Override
    public List<Member> members(Pool pool) {
        return node(pool).members();
    }

    @Override
    public CompletionStage<ClusterEvent> sendEvent(String name, byte[] payload) {
        return node(Pool.LAN).sendEvent(name, payload, false).toCompletionStage();
    }

    @Override
    public CompletionStage<QueryResult> query(String name, byte[] payload, QueryOptions options) {
        return node(Pool.LAN).query(name, payload, options, new QueryListener() { }).toCompletionStage();
    }

    @Override
    public CompletionStage<Void> join(Pool pool, List<String> seeds) {
        return node(pool).join(seeds).<Void>mapEmpty().toCompletionStage();
    }

    @Override
    public synchronized void crash() {
        resume();
        if (!closed) {
            closed = true;
            // Closing a node closes its sockets without a leave: peers hear nothing more.
            pools.values().forEach(SwimNode::close);
            closeVertx();
        }
    }

    /**
     * Blocks the peer's only event loop thread until {@link #resume()}: no timer fires and no
     * socket is read, while datagrams and connections wait in the kernel as they would for a
     * stopped process.
     */
    @Override
    public synchronized void pause() {
        if (frozen != null || closed) {
            return;
        }
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        frozen = release;
        vertx.runOnContext(v -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            if (!entered.await(STEP.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the peer's event loop did not stop within " + STEP);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pausing", e);
        }
    }

    @Override
    public synchronized void resume() {
        if (frozen != null) {
            frozen.countDown();
            frozen = null;
        }
    }

    @Override
    public void deafen() {
        deafening.accept(true);
    }

    @Override
    public void hear() {
        deafening.accept(false);
    }

    /** Leaves every pool at once, as a deployment does at shutdown. */
    @Override
    public CompletionStage<Void> leave() {
        List<Future<Void>> leaves = pools.values().stream().map(n -> n.leave(leaveTimeout)).toList();
        return Future.all(leaves).<Void>mapEmpty().toCompletionStage();
    }

    @Override
    public CompletionStage<Void> updateTags(Map<String, String> tags) {
        List<Future<Void>> updates = pools.values().stream().map(n -> n.updateTags(tags)).toList();
        return Future.all(updates).<Void>mapEmpty().toCompletionStage();
    }

    @Override
    public void close() {
        crash();
    }

    private void closeVertx() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(STEP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the peer's Vert.x did not close", e);
        }
    }
}
