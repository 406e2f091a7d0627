package io.gossamer.cdi;

import io.gossamer.swim.SwimNode;
import io.gossamer.swim.SwimNodeOptions;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The churning peers of {@link EventLatencyBenchmarkTest}, in a JVM of their own so that their
 * garbage collection does not pause the measured node's (in production they are other hosts).
 *
 * <p>Arguments: cluster, seed ({@code host:port}), members (the seed included), {@code lan} or
 * {@code fast}, milliseconds between steps, steps. It starts members − 1 engine nodes that join
 * through the seed, prints {@code ready}, and on a {@code go} line from standard input runs the
 * steps: each one crashes (closes without a goodbye) or gracefully leaves one random peer,
 * alternately, and starts a new one joining through the seed and two live peers. Every change is
 * a line on standard output ({@code joined|crashed|left <name>}), then {@code done}. On
 * {@code stop} or the end of input it closes everything and exits.
 */
public final class ChurnPeers {

    private final String cluster;
    private final String seed;
    private final boolean lanProfile;
    private final Vertx vertx = Vertx.vertx();
    private final SplittableRandom random = new SplittableRandom(17);
    // Touched by main, by the stepper thread while it runs, then by main again once it has ended.
    private final List<SwimNode> live = new ArrayList<>();
    private final List<Future<Void>> going = new ArrayList<>();
    private int next;
    private int gone;

    private ChurnPeers(String cluster, String seed, boolean lanProfile) {
        this.cluster = cluster;
        this.seed = seed;
        this.lanProfile = lanProfile;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        ChurnPeers peers = new ChurnPeers(args[0], args[1], args[3].equals("lan"));
        int members = Integer.parseInt(args[2]);
        long everyMs = Long.parseLong(args[4]);
        int steps = Integer.parseInt(args[5]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

        List<Future<Integer>> joins = new ArrayList<>();
        for (int i = 1; i < members; i++) {
            joins.add(peers.start().join(List.of(peers.seed)));
        }
        joins.forEach(TestNodes::await);
        say("ready");

        if ("go".equals(in.readLine())) {
            CountDownLatch done = new CountDownLatch(steps);
            ScheduledExecutorService stepper = Executors.newSingleThreadScheduledExecutor();
            stepper.scheduleAtFixedRate(() -> {
                if (done.getCount() > 0) {
                    peers.step();
                    done.countDown();
                }
            }, 0, everyMs, TimeUnit.MILLISECONDS);
            done.await();
            stepper.shutdown();
            stepper.awaitTermination(1, TimeUnit.MINUTES);
            say("done");
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.equals("stop"));
        }
        peers.close();
        System.exit(0);
    }

    private SwimNode start() {
        String name = "p" + (++next);
        SwimConfig.Builder config = lanProfile
                ? SwimConfig.builder(Profile.LAN).name(name).cluster(cluster)
                : TestNodes.fastPeer(cluster, name);
        SwimNode node = TestNodes.await(SwimNode.start(config.build(), SwimNodeOptions.builder()
                .bindHost("127.0.0.1").bindPort(0).vertx(vertx).closeTimeout(Duration.ofSeconds(5)).build()));
        live.add(node);
        say("joined " + name);
        return node;
    }

    private void step() {
        SwimNode leaving = live.remove(random.nextInt(live.size()));
        String name = leaving.localMember().name();
        if (gone++ % 2 == 0) {
            say("crashed " + name);
            going.add(leaving.closeAsync());
        } else {
            say("left " + name);
            // A leave not confirmed in time still went out: the observer's LEFT is what counts.
            going.add(leaving.leave(Duration.ofSeconds(2)).otherwiseEmpty().compose(v -> leaving.closeAsync()));
        }
        List<String> seeds = new ArrayList<>(List.of(seed));
        for (int i = 0; i < 2 && !live.isEmpty(); i++) {
            seeds.add(TestNodes.seedOf(live.get(random.nextInt(live.size())).localMember()));
        }
        start().join(seeds);
    }

    private void close() {
        going.forEach(TestNodes::await);
        TestNodes.closeAll(live);
        TestNodes.await(vertx.close());
    }

    private static void say(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }
}
