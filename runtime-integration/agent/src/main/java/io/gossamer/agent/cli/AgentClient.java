package io.gossamer.agent.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A client of a running agent's HTTP API: what the client commands ({@code members},
 * {@code join}...) use to reach the agent from any shell, host or container that can reach its
 * HTTP address.
 */
final class AgentClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final String address;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    /** @param address the agent's {@code host:port} */
    AgentClient(String address) {
        this.address = address;
    }

    /** What went wrong, said for the operator: the agent's own error message, or why it cannot be reached. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    Object get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Object put(String path, String body, String type) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", type)
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    Object post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    Object delete(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    /** Follows a server-sent-event stream, handing on each event's data until the stream ends. */
    void stream(String path, Consumer<String> data) {
        HttpResponse<java.io.InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    data.accept(line.substring("data: ".length()));
                }
            }
        } catch (IOException e) {
            throw new Failure("the agent at " + address + " closed the stream: " + e.getMessage());
        }
    }

    private URI uri(String path) {
        return URI.create("http://" + address + path);
    }

    private Object send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
        Object body;
        try {
            body = response.body().isBlank() ? null : Json.decodeValue(response.body());
        } catch (DecodeException e) {
            throw new Failure("the agent at " + address + " answered " + response.statusCode() + " with no JSON: "
                    + response.body().strip());
        }
        if (response.statusCode() >= 400) {
            String message = body instanceof io.vertx.core.json.JsonObject o && o.getString("error") != null
                    ? o.getString("error") : response.body().strip();
            throw new Failure(message);
        }
        return body;
    }

    private Failure unreachable(IOException e) {
        String why = e instanceof ConnectException ? "connection refused" : e.toString();
        return new Failure("cannot reach the agent's HTTP API at " + address + " (" + why + "); is the agent "
                + "running? --http-addr or GOSSAMER_HTTP_ADDR name another address");
    }
}
