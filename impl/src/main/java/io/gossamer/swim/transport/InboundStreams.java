package io.gossamer.swim.transport;

import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.wire.ForeignLabel;
import io.gossamer.swim.wire.Message;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

import java.util.ArrayDeque;
import java.util.Optional;

import static io.gossamer.swim.transport.CoreRunner.now;

/**
 * The streams peers open to this node: each carries one request and gets at most one reply, a
 * stream with a foreign label gets the guard's refusal. They share a budget: at most
 * {@code maxStreams} are served at once, as many more wait their turn unread (a join storm through
 * one seed queues up instead of failing: serving takes one core call and one write, so the queue
 * moves fast), and beyond that a stream is closed at once, which the peer sees within a round
 * trip, not at its deadline. The buffers of their
 * requests together take at most {@code maxBytes} of heap, counted as allocated (the capacity of
 * each buffer, and a frame's pieces and their joined copy both while it is joined), not as
 * received; a request longer than half the budget is refused as soon as its length is read. A
 * silent or non-reading peer is cut at the deadline, which runs from the connection: waiting
 * counts against it, so a slot held by waiting is not held longer. Confined to the node's context.
 */
final class InboundStreams {

    private final Vertx vertx;
    private final long timeoutMs;
    private final int maxStreams;
    private final SharedBudget budget;
    private final WireAdapter wire;
    private final TransportCounters counters;
    private final CoreRunner runner;
    private int active;
    /** Accepted, not yet read: their turn comes as served streams end. At most {@code maxStreams}. */
    private final ArrayDeque<Inbound> waiting = new ArrayDeque<>();

    /**
     * @param timeoutMs  the read deadline, then again the write deadline
     * @param maxStreams incoming streams served at once
     * @param maxBytes   bytes of buffers all incoming streams may hold at once while their requests arrive
     */
    InboundStreams(Vertx vertx, long timeoutMs, int maxStreams, long maxBytes, WireAdapter wire,
                   TransportCounters counters, CoreRunner runner) {
        this.vertx = vertx;
        this.timeoutMs = timeoutMs;
        this.maxStreams = maxStreams;
        this.budget = new SharedBudget(maxBytes, "incoming streams", counters::streamBuffers);
        this.wire = wire;
        this.counters = counters;
        this.runner = runner;
    }

    void accept(NetSocket socket) {
        NodeAddress from = new NodeAddress(socket.remoteAddress().hostAddress(), socket.remoteAddress().port());
        if (!runner.running()) {
            socket.close();
            return;
        }
        Inbound stream = new Inbound(socket, from);
        if (active < maxStreams) {
            serve(stream);
            return;
        }
        if (waiting.size() >= maxStreams) {
            counters.streamRejected(from, maxStreams + " streams already open and as many waiting");
            socket.close();
            return;
        }
        // Unread until its turn: what it sends stays in the kernel, outside the budget.
        socket.pause();
        waiting.addLast(stream);
        counters.streamWaited();
        stream.waitForTurn();
    }

    private void serve(Inbound stream) {
        active++;
        counters.streamAccepted();
        stream.start();
    }

    /** A served stream ended: the longest-waiting stream still connected takes its slot. */
    private void nextInLine() {
        while (active < maxStreams && !waiting.isEmpty()) {
            Inbound next = waiting.pollFirst();
            if (!next.ended) {
                serve(next);
            }
        }
    }

    private final class Inbound {
        final NetSocket socket;
        final NodeAddress from;
        boolean requestRead;
        boolean gotBytes;
        boolean closedByUs;
        boolean ended;
        boolean served;
        long timer = -1;
        final SharedBudget.Share share = budget.share();
        WireAdapter.FrameReader reader;

        Inbound(NetSocket socket, NodeAddress from) {
            this.socket = socket;
            this.from = from;
        }

        /** Waiting: the deadline runs, and a peer that hangs up meanwhile leaves the line. */
        void waitForTurn() {
            arm();
            socket.closeHandler(v -> end());
            socket.exceptionHandler(e -> close());
        }

        void start() {
            served = true;
            reader = wire.newFrameReader(share);
            if (timer == -1) {
                arm();
            }
            socket.closeHandler(v -> {
                // A peer that hangs up mid-frame sent a truncated request; one that never sent a
                // byte (a port probe, an idle connection) is not worth a drop.
                if (!requestRead && !closedByUs && gotBytes && !ended
                        && reader.endOfStream() instanceof WireAdapter.Result.Bad bad) {
                    counters.dropped(bad.reason(), "stream", from, bad.detail());
                }
                end();
            });
            socket.exceptionHandler(e -> close());
            socket.handler(buf -> {
                if (requestRead || ended) {
                    return;
                }
                gotBytes = true;
                // The decoder takes its buffers from this stream's share of the budget, and gives
                // them back once it has the frame or a drop: a stream that would pass the budget is
                // a TOO_LARGE drop like any other, counted and logged at most once per interval.
                WireAdapter.Result r = reader.feed(buf.getBytes());
                if (r instanceof WireAdapter.Result.Frame f) {
                    requestRead = true;
                    socket.pause();
                    reply(f.message());
                } else if (r instanceof WireAdapter.Result.Foreign foreign) {
                    requestRead = true;
                    socket.pause();
                    counters.dropped(foreign.label().reason(), "stream", from, foreign.label().detail());
                    refuse(foreign.label());
                } else if (r instanceof WireAdapter.Result.Bad bad) {
                    counters.dropped(bad.reason(), "stream", from, bad.detail());
                    close();
                }
            });
            // A stream that waited was paused; one served at once was never paused, and this is a no-op.
            socket.resume();
        }

        void close() {
            closedByUs = true;
            socket.close();
        }

        /** The read deadline, then again the write deadline: a silent or non-reading peer is cut. */
        void arm() {
            if (timer != -1) {
                vertx.cancelTimer(timer);
            }
            timer = vertx.setTimer(timeoutMs, t -> {
                timer = -1;
                if (!ended) {
                    counters.streamTimedOut();
                    close();
                }
            });
        }

        void reply(Message request) {
            Optional<Message> reply = runner.callFor(core -> core.handleStream(now(), from, request), Optional.empty());
            if (runner.closed() || reply.isEmpty()) {
                close();
                return;
            }
            byte[] frame;
            try {
                frame = wire.encodeFrame(reply.get());
            } catch (RuntimeException e) {
                counters.internalError(e);
                close();
                return;
            }
            write(frame);
        }

        /**
         * Answers a stream whose label is not ours with the guard's refusal, written with the
         * sender's label so that its decoder accepts it, then closes: the joiner learns why.
         */
        void refuse(ForeignLabel label) {
            Message.Refuse refusal = runner.callFor(core -> core.refuseStream(now(), from, label), null);
            if (runner.closed() || refusal == null) {
                close();
                return;
            }
            byte[] frame;
            try {
                frame = wire.encodeReplyFrame(label, refusal);
            } catch (RuntimeException e) {
                counters.internalError(e);
                close();
                return;
            }
            write(frame);
        }

        private void write(byte[] frame) {
            arm();
            counters.streamBytesSent(frame.length);
            socket.write(Buffer.buffer(frame)).onComplete(ar -> socket.close());
        }

        void end() {
            if (ended) {
                return;
            }
            ended = true;
            if (timer != -1) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
            if (!served) {
                // Left the line (hung up, or cut at the deadline): it held no slot and no buffer.
                waiting.remove(this);
                return;
            }
            // A stream cut mid-frame: its decoder drops its buffers and gives them back.
            reader.endOfStream();
            share.releaseAll();
            active--;
            nextInLine();
        }
    }
}
