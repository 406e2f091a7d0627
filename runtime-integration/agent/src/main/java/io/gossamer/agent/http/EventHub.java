package io.gossamer.agent.http;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What the node saw lately, and whoever follows it live: the last {@value #RECENT} events (the
 * page's timeline when it opens) and the server-sent-event streams open now. Events come from the
 * engine's delivery threads; everything here happens on the HTTP server's context, one thread, so
 * nothing is locked. A follower too slow to take what is written to it is dropped rather than
 * buffered without end.
 */
public final class EventHub {

    static final int RECENT = 200;
    /** A comment line this often keeps idle proxies from closing a stream. */
    static final long KEEPALIVE_MS = 15_000;

    private final Context context;
    private final ArrayDeque<JsonObject> recent = new ArrayDeque<>(RECENT);
    private final List<HttpServerResponse> followers = new ArrayList<>();
    private long keepAlive = -1;
    private long sequence;

    /** @param context the HTTP server's context: every follower's writes happen there */
    public EventHub(Context context) {
        this.context = context;
    }

    /** Records {@code event} and sends it to every follower; from any thread. */
    public void publish(JsonObject event) {
        context.runOnContext(v -> {
            event.put("Seq", ++sequence);
            if (recent.size() == RECENT) {
                recent.removeFirst();
            }
            recent.addLast(event);
            if (followers.isEmpty()) {
                return;
            }
            String frame = "id: " + sequence + "\ndata: " + event.encode() + "\n\n";
            for (HttpServerResponse r : List.copyOf(followers)) {
                if (r.writeQueueFull()) {
                    followers.remove(r);
                    r.reset();
                } else {
                    r.write(frame);
                }
            }
        });
    }

    /** The recent events, oldest first; on the context. */
    JsonArray recent() {
        return new JsonArray(new ArrayList<>(recent));
    }

    /** Starts a stream of every event from now on; on the context. */
    void follow(HttpServerResponse response) {
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.setWriteQueueMaxSize(256 * 1024);
        // Tells the client the stream is open before any event comes.
        response.write(": gossamer events\n\n");
        followers.add(response);
        response.closeHandler(v -> followers.remove(response));
        response.exceptionHandler(e -> followers.remove(response));
        if (keepAlive == -1) {
            keepAlive = context.owner().setPeriodic(KEEPALIVE_MS, id -> keepAlive());
        }
    }

    private void keepAlive() {
        if (followers.isEmpty()) {
            context.owner().cancelTimer(keepAlive);
            keepAlive = -1;
            return;
        }
        followers.forEach(r -> r.write(":\n\n"));
    }

    /** Ends every stream; on the context. */
    void close() {
        List.copyOf(followers).forEach(HttpServerResponse::end);
        followers.clear();
    }
}
