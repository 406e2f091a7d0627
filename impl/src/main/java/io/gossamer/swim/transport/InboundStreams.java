package io.gossamer.swim.transport;

import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.wire.ForeignLabel;
import io.gossamer.swim.wire.Message;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

import java.util.Optional;

import static io.gossamer.swim.transport.CoreRunner.now;

/**
 * The streams peers open to this node: each carries one request and gets at most one reply, a
 * stream with a foreign label gets the guard's refusal. They share a budget: at most
 * {@code maxStreams} are served at once (more are closed at once), and the buffers of their
 * requests together take at most {@code maxBytes} of heap, counted as allocated (the capacity of
 * each buffer, and a frame's pieces and their joined copy both while it is joined), not as
 * received; a request longer than half the budget is refused as soon as its length is read. A
 * silent or non-reading peer is cut at the deadline. Confined to the node's context.
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
        if (active >= maxStreams) {
            counters.streamRejected(from, maxStreams + " streams already open");
            socket.close();
            return;
        }
        active++;
        counters.streamAccepted();
        new Inbound(socket, from).start();
    }

    private final class Inbound {
        final NetSocket socket;
        final NodeAddress from;
        boolean requestRead;
        boolean gotBytes;
        boolean closedByUs;
        boolean ended;
        long timer = -1;
        final SharedBudget.Share share = budget.share();
        WireAdapter.FrameReader reader;

        Inbound(NetSocket socket, NodeAddress from) {
            this.socket = socket;
            this.from = from;
        }

        void start() {
            reader = wire.newFrameReader(share);
            arm();
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
            // A stream cut mid-frame: its decoder drops its buffers and gives them back.
            reader.endOfStream();
            share.releaseAll();
            active--;
            if (timer != -1) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }
}
