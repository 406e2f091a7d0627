package io.gossamer.swim.core;

import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.NodeAddress;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The streams this core asked the driver to open, each waiting for its one reply. The driver
 * reports every outcome once, by id; the waiting part of the core then gets the reply, or
 * nothing if the stream failed or timed out, and can tell a refused connection from the rest.
 */
final class Streams {

    /** Receives the outcome of a stream this core opened. */
    @FunctionalInterface
    interface Callback {
        void done(long now, Optional<Message> reply);

        /**
         * The peer's host refused the connection: nothing listens on that port. Most streams treat
         * it as any failure; a probe takes it as evidence that the process is gone.
         */
        default void refused(long now) {
            done(now, Optional.empty());
        }

        /** The connection is established (the peer's host answered): the reply may still come or not. */
        default void connected(long now) {
        }
    }

    private final CoreOutput out;
    private final Map<Long, Callback> open = new HashMap<>();
    private long nextId;

    Streams(CoreOutput out) {
        this.out = out;
    }

    /** Asks the driver to send {@code request} to {@code to} and to report the reply. */
    void open(NodeAddress to, Message request, Callback callback) {
        long id = ++nextId;
        open.put(id, callback);
        out.openStream(id, to, request);
    }

    /** The driver's report on stream {@code id}; an unknown id is ignored. */
    void finished(long now, long id, Optional<Message> reply) {
        Callback callback = open.remove(id);
        if (callback != null) {
            callback.done(now, reply);
        }
    }

    /** The driver's report that stream {@code id} is connected; the stream stays open. */
    void connected(long now, long id) {
        Callback callback = open.get(id);
        if (callback != null) {
            callback.connected(now);
        }
    }

    /** The driver's report that stream {@code id}'s connection was refused; an unknown id is ignored. */
    void refused(long now, long id) {
        Callback callback = open.remove(id);
        if (callback != null) {
            callback.refused(now);
        }
    }
}
