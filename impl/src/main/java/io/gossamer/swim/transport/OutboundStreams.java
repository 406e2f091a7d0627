package io.gossamer.swim.transport;

import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.wire.DropReason;
import io.gossamer.swim.wire.Message;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.gossamer.swim.transport.CoreRunner.now;

/**
 * The streams this node opens (push-pull, join, the TCP fallback probe, key operations): connect,
 * write the one request, read the one reply, all within one deadline. The core hears each
 * outcome exactly once, on a later turn of the event loop. Why the latest stream to each address
 * failed is kept for join reports.
 *
 * <p>The replies share a budget of their own, as the requests of incoming streams share theirs:
 * their buffers together take at most {@code maxBytes} of heap, counted as allocated, and a reply
 * announcing more than half of it is refused as soon as its length is read. Otherwise whoever
 * answers on a member's address (or a seed's) could send each of our concurrent streams a frame
 * of the 16 MiB frame limit. Their own budget, not the incoming streams' one: a stranger filling
 * that one must not fail our probes over TCP and our push-pulls, nor a host answering our streams
 * fail members' joins. Confined to the node's context.
 */
final class OutboundStreams {

    /** How many addresses' latest stream failure is remembered. */
    private static final int REMEMBERED_ERRORS = 256;

    private final Vertx vertx;
    private final NetClient client;
    private final long timeoutMs;
    private final SharedBudget budget;
    private final WireAdapter wire;
    private final TransportCounters counters;
    private final CoreRunner runner;
    private final Map<Long, Outbound> open = new HashMap<>();
    private final Map<NodeAddress, String> recentErrors = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<NodeAddress, String> eldest) {
            return size() > REMEMBERED_ERRORS;
        }
    };

    /**
     * @param timeoutMs the deadline of a whole exchange: connect, write and read
     * @param maxBytes  bytes of buffers the replies of all outgoing streams may hold at once
     */
    OutboundStreams(Vertx vertx, long timeoutMs, long maxBytes, WireAdapter wire, TransportCounters counters,
                    CoreRunner runner) {
        this.vertx = vertx;
        this.timeoutMs = timeoutMs;
        this.budget = new SharedBudget(maxBytes, "replies to our streams", counters::replyBuffers);
        this.wire = wire;
        this.counters = counters;
        this.runner = runner;
        this.client = vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
                .setTcpNoDelay(true));
    }

    /** Opens stream {@code id} to {@code to} with {@code request}. */
    void open(long id, NodeAddress to, Message request) {
        counters.streamOpened();
        Outbound o = new Outbound(id, to);
        open.put(id, o);
        o.start(request);
    }

    /** For each of {@code addresses} whose latest stream failed, why (as the transport saw it). */
    Map<NodeAddress, String> recentErrors(List<NodeAddress> addresses) {
        Map<NodeAddress, String> errors = new HashMap<>();
        for (NodeAddress address : addresses) {
            String e = recentErrors.get(address);
            if (e != null) {
                errors.put(address, e);
            }
        }
        return errors;
    }

    /** Closes every open stream without telling the core (it is stopping). */
    void abandonAll() {
        new ArrayList<>(open.values()).forEach(Outbound::abandon);
        open.clear();
    }

    Future<Void> close() {
        return client.close();
    }

    private final class Outbound {
        final long id;
        final NodeAddress to;
        boolean done;
        /** The peer's host refused the connection: nothing listens on its port. */
        boolean refused;
        NetSocket socket;
        long timer = -1;
        WireAdapter.FrameReader reader;
        final SharedBudget.Share share = budget.share();

        Outbound(long id, NodeAddress to) {
            this.id = id;
            this.to = to;
        }

        void start(Message request) {
            byte[] frame;
            try {
                frame = wire.encodeFrame(request);
            } catch (RuntimeException e) {
                counters.internalError(e);
                finish(Optional.empty(), "cannot encode request: " + e);
                return;
            }
            // One deadline for the whole exchange, as memberlist does: connect, write and read.
            timer = vertx.setTimer(timeoutMs, t -> {
                timer = -1;
                finish(Optional.empty(), "no reply within " + timeoutMs + " ms");
            });
            Future<NetSocket> connecting;
            try {
                connecting = client.connect(to.port(), to.host());
            } catch (RuntimeException e) {
                // Vert.x failing in the call, not through the future: this exchange fails now, not at
                // its deadline, and the event loop never sees the exception.
                counters.internalError(e);
                finish(Optional.empty(), "connect failed: " + e);
                return;
            }
            connecting.onComplete(ar -> {
                if (ar.failed()) {
                    refused = isRefusal(ar.cause());
                    finish(Optional.empty(), "connect failed: " + describe(ar.cause()));
                    return;
                }
                socket = ar.result();
                if (done) {
                    socket.close();
                    return;
                }
                // The peer's host answered: a probe tells a silent process from a silent host by it.
                runner.defer(() -> runner.call(core -> core.handleStreamConnected(now(), id)));
                reader = wire.newFrameReader(share);
                boolean[] gotBytes = new boolean[1];
                socket.handler(buf -> {
                    if (done) {
                        return;
                    }
                    gotBytes[0] = true;
                    counters.streamBytesReceived(buf.length());
                    WireAdapter.Result r = reader.feed(buf.getBytes());
                    if (r instanceof WireAdapter.Result.Frame f) {
                        finish(Optional.of(f.message()), null);
                    } else if (r instanceof WireAdapter.Result.Foreign foreign) {
                        // The peer let our request in (its guard is off) and answered in its own
                        // pool's label: we refuse it, and the core hears our refusal as the reply.
                        counters.dropped(foreign.label().reason(), "stream reply", to, foreign.label().detail());
                        Message.Refuse ours = runner.callFor(core -> core.refuseReply(now(), to, foreign.label()), null);
                        finish(Optional.ofNullable(ours), "reply from another pool: " + foreign.label().detail());
                    } else if (r instanceof WireAdapter.Result.Bad bad) {
                        counters.dropped(bad.reason(), "stream reply", to, bad.detail());
                        finish(Optional.empty(), replyProblem(bad.reason(), bad.detail()));
                    }
                });
                socket.exceptionHandler(e -> finish(Optional.empty(), describe(e)));
                socket.closeHandler(v -> {
                    if (!done && gotBytes[0]
                            && reader.endOfStream() instanceof WireAdapter.Result.Bad bad) {
                        counters.dropped(bad.reason(), "stream reply", to, bad.detail());
                    }
                    finish(Optional.empty(), gotBytes[0] ? "closed before replying"
                            : "closed without replying (it may be busy: at its limit of incoming streams, with "
                                    + "as many waiting; or " + (wire.keyring().isPresent()
                                    ? "it may hold none of our keys, or none at all)"
                                    : "it may accept sealed input only: encryption is on there)"));
                });
                counters.streamBytesSent(frame.length);
                socket.write(Buffer.buffer(frame)).onFailure(e -> finish(Optional.empty(),
                        "write failed: " + describe(e)));
            });
        }

        /** Reports exactly once; the core hears of it on a later turn of the event loop. */
        void finish(Optional<Message> reply, String error) {
            if (done) {
                return;
            }
            done = true;
            if (timer != -1) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
            if (socket != null) {
                socket.close();
            }
            open.remove(id);
            releaseBuffers();
            if (error != null) {
                counters.streamFailed();
                recentErrors.put(to, error);
            } else {
                recentErrors.remove(to);
            }
            // Deferred: a connect future may already be complete, which would run this inside the
            // core's own openStream call.
            if (refused) {
                runner.defer(() -> runner.call(core -> core.handleStreamRefused(now(), id)));
            } else {
                runner.defer(() -> runner.call(core -> core.handleStreamResult(now(), id, reply)));
            }
        }

        void abandon() {
            done = true;
            if (timer != -1) {
                vertx.cancelTimer(timer);
            }
            if (socket != null) {
                socket.close();
            }
            releaseBuffers();
        }

        /** A reply cut mid-frame (deadline, close): its decoder drops its buffers and gives them back. */
        private void releaseBuffers() {
            if (reader != null) {
                reader.endOfStream();
            }
            share.releaseAll();
        }
    }

    /** Why a stream reply was unusable, in words a join failure can carry. */
    private static String replyProblem(DropReason reason, String detail) {
        return switch (reason) {
            case TOO_LARGE -> "its reply is larger than this node takes (TOO_LARGE): " + detail;
            case DECRYPT_FAILED -> "its reply opens with none of our keys (DECRYPT_FAILED): it seals with a key we "
                    + "do not hold";
            case UNENCRYPTED -> "it answered in plaintext, and this node accepts sealed replies only (UNENCRYPTED): "
                    + "it has no keys, or does not seal (verify-outgoing off)";
            default -> "malformed reply: " + reason;
        };
    }

    /**
     * Whether a failed connect was refused by the peer's host (ECONNREFUSED: a reset in answer to
     * our SYN), as opposed to timing out or finding no route. The JDK and Netty both report a
     * refusal as a {@link ConnectException}; Netty's connect timeout is one too, and is told apart.
     */
    static boolean isRefusal(Throwable t) {
        return t instanceof ConnectException && !(t instanceof ConnectTimeoutException);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
