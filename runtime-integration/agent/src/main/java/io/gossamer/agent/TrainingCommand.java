package io.gossamer.agent;

import io.gossamer.Pool;
import io.gossamer.agent.http.EventHub;
import io.gossamer.agent.http.HttpApi;
import io.gossamer.cdi.GossamerSettings;

import picocli.CommandLine.Command;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code gossamer-agent cds-training} (hidden): what the build runs once, with
 * {@code -XX:ArchiveClassesAtExit}, to write the class-data sharing archive the launcher starts
 * agents with. It does what an agent does in its first seconds, so that the archive holds the
 * classes every agent loads, and only those (an archived class costs memory in every agent whether
 * it is used or not): two nodes on 127.0.0.1 (one with the HTTP API) join, probe each other, send an
 * event, answer the API's common requests, and leave. picocli's classes are Java 5 class files,
 * which class-data sharing cannot archive.
 */
@Command(name = "cds-training", hidden = true,
        description = "Runs an agent's first seconds once, for the class-data sharing archive the build writes.")
final class TrainingCommand implements java.util.concurrent.Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        System.setProperty("vertx.disableDnsResolver", "true");
        AgentNode first = AgentNode.start(settings("training-1", List.of()), new CountDownLatch(1));
        var vertx = first.engines().vertx();
        var context = vertx.getOrCreateContext();
        HttpApi api = HttpApi.start(vertx, context, first, new EventHub(context), "127.0.0.1", 0)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        var local = first.engines().node(Pool.LAN).localMember();
        String seed = local.address() + ":" + local.port();
        AgentNode second = AgentNode.start(settings("training-2", List.of(seed)), new CountDownLatch(1));
        second.join(Pool.LAN, List.of(seed)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        // A few probe rounds each way, as an agent's first seconds have.
        vertx.timer(first.engines().node(Pool.LAN).config().probeInterval().toMillis() * 3).toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        first.membership(Pool.LAN).sendEvent("training", "cds".getBytes(StandardCharsets.UTF_8), false)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        for (String path : List.of("/", "/v1/agent/members", "/v1/agent/self", "/v1/agent/health",
                "/v1/agent/metrics", "/v1/coordinate/nodes", "/v1/event/recent")) {
            get(api.port(), path);
        }
        second.engines().leaveAll();
        second.engines().close();
        api.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        first.engines().leaveAll();
        first.engines().close();
        return 0;
    }

    private static GossamerSettings settings(String name, List<String> seeds) throws IOException {
        Map<String, String> flags = new java.util.HashMap<>(Map.of(
                "gossamer.node-name", name,
                "gossamer.cluster", "cds-training",
                "gossamer.bind-address", "127.0.0.1",
                "gossamer.bind-port", "0",
                "gossamer.profile", "local",
                "gossamer.leave-timeout", "1s"));
        if (!seeds.isEmpty()) {
            flags.put("gossamer.seeds", String.join(",", seeds));
        }
        return GossamerSettings.from(AgentConfig.of(flags, Optional.empty()));
    }

    /**
     * One GET over a plain socket: an HTTP client's classes are no agent's, and would only make the
     * archive, and every agent's memory, larger.
     */
    private static void get(int port, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .findFirst().orElse("");
            if (!status.startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException(path + " answered " + status);
            }
        }
    }
}
