package io.gossamer.agent.http;

import io.gossamer.ClusterEvent;
import io.gossamer.Coordinate;
import io.gossamer.EncryptionKeys;
import io.gossamer.KeyResponse;
import io.gossamer.Member;
import io.gossamer.Membership;
import io.gossamer.Pool;
import io.gossamer.QueryOptions;
import io.gossamer.swim.config.Durations;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The agent's HTTP API, its live page and its metrics, on Vert.x's HTTP server. Paths and JSON
 * follow Consul's agent where it has the same thing ({@code /v1/agent/members},
 * {@code /v1/agent/join/<address>}, {@code /v1/agent/force-leave/<node>}, {@code /v1/event/fire/<name>},
 * {@code /v1/coordinate/nodes}, {@code /v1/operator/keyring}, {@code /v1/agent/metrics?format=prometheus}),
 * so an operator's habits and tools carry over; the rest is Gossamer's own
 * (runtime-integration/README.md, "Operations", lists every endpoint).
 *
 * <p>There is no authentication, as with Consul's agent without ACLs: it listens on 127.0.0.1
 * unless told otherwise. A request that changes something must come with a method other than
 * GET, and a body, if any, as {@code application/json} (a query) or {@code text/plain} (an event's
 * payload); a request a browser sends from another site's page carries an {@code Origin} header
 * that does not match the agent and is refused, so a page the operator visits cannot act on the
 * agent.
 *
 * <p>Every handler runs on the server's event loop and never blocks: it chains onto the node's
 * stages.
 */
public final class HttpApi {

    private static final System.Logger LOG = System.getLogger("io.gossamer.agent");
    /** Bodies are small: a query's payload and filters, a key, an event's payload. */
    private static final int MAX_BODY = 64 * 1024;
    private static final String PAGE = "/io/gossamer/agent/ui/index.html";

    private final NodeAccess node;
    private final HttpServer server;
    private final EventHub hub;
    private final byte[] page;

    private HttpApi(NodeAccess node, HttpServer server, EventHub hub, byte[] page) {
        this.node = node;
        this.server = server;
        this.hub = hub;
        this.page = page;
    }

    /**
     * Starts serving on {@code host:port} (port 0: an ephemeral one); fails if it cannot bind.
     *
     * @param context the context the server and its event hub run on
     */
    public static Future<HttpApi> start(Vertx vertx, Context context, NodeAccess node, EventHub hub, String host,
                                        int port) {
        byte[] page = resource(PAGE);
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
                .setCompressionSupported(true).setIdleTimeout(0));
        HttpApi api = new HttpApi(node, server, hub, page);
        server.requestHandler(api::handle);
        io.vertx.core.Promise<HttpApi> started = io.vertx.core.Promise.promise();
        context.runOnContext(v -> server.listen().onComplete(ar -> {
            if (ar.succeeded()) {
                started.complete(api);
            } else {
                started.fail(ar.cause());
            }
        }));
        return started.future();
    }

    private static byte[] resource(String path) {
        try (InputStream in = HttpApi.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.actualPort();
    }

    /** Ends the event streams and stops listening. */
    public Future<Void> close() {
        hub.close();
        return server.close();
    }

    // ------------------------------------------------------------------ dispatch

    private void handle(HttpServerRequest req) {
        String path = req.path();
        HttpMethod method = req.method();
        try {
            if (crossSite(req)) {
                error(req, 403, "requests from another site's page are refused");
                return;
            }
            if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
                get(req, path);
            } else {
                change(req, path, method);
            }
        } catch (IllegalArgumentException e) {
            error(req, 400, e.getMessage());
        } catch (IllegalStateException e) {
            error(req, 409, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "HTTP " + method + " " + path + " failed", e);
            error(req, 500, e.toString());
        }
    }

    /** A browser's request from a page the agent did not serve. */
    private static boolean crossSite(HttpServerRequest req) {
        String origin = req.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        String host = req.getHeader("Host");
        return host == null || !(origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    private void get(HttpServerRequest req, String path) {
        switch (path) {
            case "/", "/ui", "/ui/" -> req.response().putHeader("Content-Type", "text/html; charset=utf-8")
                    .putHeader("Cache-Control", "no-cache").end(Buffer.buffer(page));
            case "/v1/agent/members" -> members(req);
            case "/v1/agent/self" -> json(req, 200, node.self());
            case "/v1/agent/health", "/v1/health" -> {
                JsonObject h = node.health();
                json(req, "UP".equals(h.getString("status")) ? 200 : 503, h);
            }
            case "/v1/agent/metrics", "/metrics" -> metrics(req);
            case "/v1/coordinate/nodes" -> coordinates(req);
            case "/v1/event/stream" -> hub.follow(req.response());
            case "/v1/event/recent" -> json(req, 200, hub.recent());
            case "/v1/operator/keyring" -> keys(req, KeyResponse.Operation.LIST, null);
            default -> error(req, 404, "no such endpoint: GET " + path);
        }
    }

    private void change(HttpServerRequest req, String path, HttpMethod method) {
        if (method == HttpMethod.PUT && path.startsWith("/v1/agent/join/")) {
            List<String> seeds = Arrays.stream(tail(path, "/v1/agent/join/").split(",")).map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
            if (seeds.isEmpty()) {
                throw new IllegalArgumentException("join needs an address: PUT /v1/agent/join/<host:port>");
            }
            reply(req, node.join(pool(req), seeds).thenApply(n -> new JsonObject().put("Contacted", n)));
        } else if (method == HttpMethod.PUT && path.equals("/v1/agent/leave")) {
            json(req, 200, new JsonObject().put("Leaving", node.name()));
            // The reply is on its way; the agent's main thread leaves, closes this server, and ends.
            node.leaveAndStop();
        } else if (method == HttpMethod.PUT && path.startsWith("/v1/agent/force-leave/")) {
            String name = tail(path, "/v1/agent/force-leave/");
            boolean prune = flag(req, "prune");
            reply(req, node.membership(pool(req)).forceLeave(name, prune)
                    .thenApply(v -> new JsonObject().put("ForceLeft", name).put("Pruned", prune)));
        } else if (method == HttpMethod.PUT && path.startsWith("/v1/event/fire/")) {
            String name = tail(path, "/v1/event/fire/");
            boolean coalesce = flag(req, "coalesce");
            Membership m = node.membership(pool(req));
            body(req, body -> reply(req, m.sendEvent(name, body.getBytes(), coalesce).thenApply(HttpApi::fired)));
        } else if (method == HttpMethod.POST && path.equals("/v1/query")) {
            requireJson(req);
            body(req, body -> query(req, body));
        } else if (path.equals("/v1/operator/keyring") && method != HttpMethod.PATCH) {
            KeyResponse.Operation op = switch (method.name()) {
                case "POST" -> KeyResponse.Operation.INSTALL;
                case "PUT" -> KeyResponse.Operation.USE;
                case "DELETE" -> KeyResponse.Operation.REMOVE;
                default -> throw new IllegalArgumentException("keyring: GET lists, POST installs, PUT uses, "
                        + "DELETE removes");
            };
            requireJson(req);
            body(req, body -> keys(req, op, key(body)));
        } else {
            error(req, 404, "no such endpoint: " + req.method() + " " + path);
        }
    }

    // ------------------------------------------------------------------ endpoints

    /**
     * {@code GET /v1/agent/members}: the members of one pool ({@code ?pool=wan}, or Consul's
     * {@code ?wan=1}), each with its estimated round trip from this node once coordinates exist.
     */
    private void members(HttpServerRequest req) {
        Pool pool = pool(req);
        Membership m = node.membership(pool);
        JsonArray out = new JsonArray();
        List<Member> members = new ArrayList<>(m.members());
        members.sort(java.util.Comparator.comparing(Member::name));
        String self = m.localMember().name();
        for (Member member : members) {
            Optional<Duration> rtt = member.name().equals(self) ? Optional.empty()
                    : m.estimatedRoundTrip(member.name());
            out.add(Json.member(member, pool, rtt));
        }
        json(req, 200, out);
    }

    private void coordinates(HttpServerRequest req) {
        Membership m = node.membership(pool(req));
        JsonArray out = new JsonArray();
        for (Member member : m.members()) {
            Optional<Coordinate> c = m.coordinate(member.name());
            c.ifPresent(coordinate -> out.add(Json.coordinate(member.name(), coordinate)));
        }
        json(req, 200, out);
    }

    private void metrics(HttpServerRequest req) {
        String format = req.getParam("format", "prometheus");
        if (!format.equals("prometheus")) {
            throw new IllegalArgumentException("format: only prometheus");
        }
        PrometheusText text = new PrometheusText();
        node.readMetrics(text::add);
        node.histograms().forEach((metric, byPool) -> byPool.forEach((pool, h) -> text.add(metric, pool, h)));
        req.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(text.text());
    }

    /** The keyring of each pool ({@code ?pool=} names one): a JSON array, one entry per pool. */
    private void keys(HttpServerRequest req, KeyResponse.Operation op, String key) {
        List<Pool> pools = req.getParam("pool") != null || req.getParam("wan") != null ? List.of(pool(req))
                : node.pools();
        List<CompletableFuture<JsonObject>> each = new ArrayList<>();
        for (Pool p : pools) {
            EncryptionKeys keys = node.membership(p).keys();
            CompletionStage<KeyResponse> stage = switch (op) {
                case LIST -> keys.list();
                case INSTALL -> keys.install(key);
                case USE -> keys.use(key);
                case REMOVE -> keys.remove(key);
            };
            each.add(stage.thenApply(Json::keys).toCompletableFuture());
        }
        reply(req, CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(v -> new JsonArray(each.stream().map(CompletableFuture::join).toList())));
    }

    private static String key(Buffer body) {
        JsonObject o = object(body);
        String key = o.getString("Key");
        if (key == null) {
            throw new IllegalArgumentException("keyring: the body is {\"Key\": \"<base64 key>\"}");
        }
        return key;
    }

    /**
     * {@code POST /v1/query}: asks a query and answers once it is done:
     * {@code {"Name": "load", "Payload": "...", "Nodes": ["a"], "Tags": {"role": "web"},
     * "RequestAck": true, "RelayFactor": 2, "Timeout": "5s"}}.
     */
    private void query(HttpServerRequest req, Buffer body) {
        JsonObject q = object(body);
        String name = q.getString("Name");
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a query needs a Name");
        }
        QueryOptions options = QueryOptions.defaults();
        JsonArray nodes = q.getJsonArray("Nodes", new JsonArray());
        if (!nodes.isEmpty()) {
            options = options.withNodes(nodes.stream().map(Object::toString).toArray(String[]::new));
        }
        for (Map.Entry<String, Object> tag : q.getJsonObject("Tags", new JsonObject())) {
            options = options.withTag(tag.getKey(), String.valueOf(tag.getValue()));
        }
        options = options.withAck(q.getBoolean("RequestAck", true));
        if (q.containsKey("RelayFactor")) {
            options = options.withRelayFactor(q.getInteger("RelayFactor"));
        }
        if (q.containsKey("Timeout")) {
            options = options.withTimeout(Durations.parse(q.getString("Timeout")));
        }
        byte[] payload = q.getString("Payload", "").getBytes(StandardCharsets.UTF_8);
        Membership m = node.membership(pool(req));
        reply(req, m.query(name, payload, options).thenApply(Json::queryResult));
    }

    private static JsonObject fired(ClusterEvent e) {
        return new JsonObject().put("Name", e.name()).put("LTime", e.lamportTime()).put("Coalesce", e.coalesce());
    }

    // ------------------------------------------------------------------ helpers

    /** The pool a request names: {@code ?pool=lan|wan}, or Consul's {@code ?wan} flag; LAN by default. */
    private static Pool pool(HttpServerRequest req) {
        String p = req.getParam("pool");
        if (p != null) {
            return switch (p) {
                case "lan" -> Pool.LAN;
                case "wan" -> Pool.WAN;
                default -> throw new IllegalArgumentException("pool: lan or wan, not '" + p + "'");
            };
        }
        return flag(req, "wan") ? Pool.WAN : Pool.LAN;
    }

    /** {@code ?name}, {@code ?name=1} or {@code ?name=true}. */
    private static boolean flag(HttpServerRequest req, String name) {
        String v = req.getParam(name);
        return v != null && (v.isEmpty() || v.equals("1") || v.equalsIgnoreCase("true"));
    }

    private static String tail(String path, String prefix) {
        return URLDecoder.decode(path.substring(prefix.length()), StandardCharsets.UTF_8);
    }

    /** Bodies of changes are JSON: a browser cannot send that from another site without asking first. */
    private static void requireJson(HttpServerRequest req) {
        String type = req.getHeader("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new IllegalArgumentException("the body must be sent as Content-Type: application/json");
        }
    }

    private static JsonObject object(Buffer body) {
        try {
            return body.length() == 0 ? new JsonObject() : body.toJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("the body is not a JSON object: " + e.getMessage());
        }
    }

    /** Reads the whole body, at most {@link #MAX_BODY} bytes, then hands it on. */
    private void body(HttpServerRequest req, java.util.function.Consumer<Buffer> then) {
        Buffer body = Buffer.buffer();
        req.handler(chunk -> {
            if (body.length() + chunk.length() > MAX_BODY) {
                if (!req.response().ended()) {
                    error(req, 413, "the body is larger than " + MAX_BODY + " bytes");
                }
                return;
            }
            body.appendBuffer(chunk);
        });
        req.endHandler(v -> {
            if (req.response().ended()) {
                return;
            }
            try {
                then.accept(body);
            } catch (IllegalArgumentException e) {
                error(req, 400, e.getMessage());
            } catch (IllegalStateException e) {
                error(req, 409, e.getMessage());
            }
        });
    }

    /** Answers with the stage's JSON, or with its failure: 400 for a refused argument, 409 for a state, 500 else. */
    private void reply(HttpServerRequest req, CompletionStage<?> stage) {
        Context here = io.vertx.core.Vertx.currentContext();
        stage.whenComplete((result, failure) -> here.runOnContext(v -> {
            if (failure == null) {
                json(req, 200, result);
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            int status = cause instanceof IllegalArgumentException ? 400
                    : cause instanceof IllegalStateException ? 409 : 500;
            error(req, status, cause.getMessage() == null ? cause.toString() : cause.getMessage());
        }));
    }

    private static void json(HttpServerRequest req, int status, Object body) {
        if (req.response().ended()) {
            return;
        }
        String text = body instanceof JsonObject o ? o.encodePrettily()
                : body instanceof JsonArray a ? a.encodePrettily() : String.valueOf(body);
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(text + "\n");
    }

    private static void error(HttpServerRequest req, int status, String message) {
        json(req, status, new JsonObject().put("error", message));
    }
}
