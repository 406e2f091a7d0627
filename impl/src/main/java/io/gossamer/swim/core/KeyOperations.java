package io.gossamer.swim.core;

import io.gossamer.KeyResponse;
import io.gossamer.KeyResponse.Operation;
import io.gossamer.Pool;
import io.gossamer.swim.security.Keyring;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.Message.KeyReply;
import io.gossamer.swim.wire.Message.KeyRequest;
import io.gossamer.swim.wire.Message.Refuse;
import io.gossamer.swim.wire.NodeAddress;

import java.lang.System.Logger.Level;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The keyring of one engine and its rotation across the pool, as {@code serf keys}: an operation
 * (list, install, use, remove) is checked against the local keyring first, then sent as a
 * {@link KeyRequest} over a stream to every member that is live when it starts, at most
 * {@value #MAX_IN_FLIGHT} at a time, and each answer (or its absence) is recorded by member name.
 * Once every member has answered or failed, the local node applies the operation too, so that the
 * requests were all sealed with the primary key in force when the operation started, and the
 * outcome is reported as a {@link KeyResponse}.
 *
 * <p>A {@link KeyRequest} from a peer is applied at once and answered with a {@link KeyReply}.
 * The wire guarantees it arrived sealed, so its sender holds one of our keys. Part of the sans-IO
 * core: no sockets, no threads; the driver learns of every keyring change through
 * {@code keyringChanged} and seals with the new primary key from the next message on.
 */
final class KeyOperations {

    private static final System.Logger LOG = System.getLogger(SwimCore.class.getName());

    /** Streams open at once for one operation: a large pool is asked in waves, not all at once. */
    static final int MAX_IN_FLIGHT = 16;

    /** A member asked: its name and where it is. */
    record Target(String name, NodeAddress address) {
    }

    /** Opens a stream for the core: the reply (empty if none) comes back through {@code then}. */
    @FunctionalInterface
    interface Opener {
        void open(NodeAddress to, Message request, Consumer<Optional<Message>> then);
    }

    private final String self;
    private final Pool pool;
    private final Consumer<Keyring> changed;
    private final Finisher finisher;
    private Keyring keyring;
    private long nextId;

    /** Reports a finished operation. */
    @FunctionalInterface
    interface Finisher {
        void finished(long id, KeyResponse response);
    }

    /**
     * @param keyring  the keys at start; null without encryption
     * @param changed  told of every change of the local keyring
     * @param finisher told of every finished operation
     */
    KeyOperations(String self, Pool pool, Keyring keyring, Consumer<Keyring> changed, Finisher finisher) {
        this.self = Objects.requireNonNull(self, "self");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.keyring = keyring;
        this.changed = Objects.requireNonNull(changed, "changed");
        this.finisher = Objects.requireNonNull(finisher, "finisher");
    }

    /** The keys in force, if encryption is on. */
    Optional<Keyring> keyring() {
        return Optional.ofNullable(keyring);
    }

    /**
     * The keyring {@code op} makes of {@code ring}; {@code ring} itself if nothing changes
     * (listing, installing a key already installed, using the primary key, removing a key that
     * is not installed).
     *
     * @throws IllegalArgumentException if the keyring refuses: using a key not installed, removing
     *                                  the primary key, installing a key beyond {@link Keyring#MAX_KEYS}.
     *                                  The message names keys by fingerprint only
     */
    static Keyring apply(Keyring ring, Operation op, byte[] key) {
        switch (op) {
            case LIST:
                return ring;
            case INSTALL:
                return ring.install(key);
            case USE:
                return MessageDigest.isEqual(ring.primary(), key) ? ring : ring.use(key);
            case REMOVE:
                return ring.contains(key) ? ring.remove(key) : ring;
            default:
                throw new IllegalArgumentException("unknown operation " + op);
        }
    }

    /**
     * Starts {@code op} across {@code targets}. The local keyring is checked first: if it refuses,
     * nobody is asked and this throws. The outcome goes to the finisher, possibly before this
     * returns (no targets).
     *
     * @throws IllegalStateException    if encryption is off here
     * @throws IllegalArgumentException if the local keyring refuses the operation, or the key has
     *                                  the wrong length
     */
    long start(Operation op, byte[] key, List<Target> targets, Opener opener) {
        Objects.requireNonNull(op, "op");
        byte[] copy = op == Operation.LIST ? new byte[0] : Objects.requireNonNull(key, "key").clone();
        if (keyring == null) {
            throw new IllegalStateException("encryption is not enabled on this node: it has no keys to rotate");
        }
        KeyRequest request = new KeyRequest(op, copy);
        apply(keyring, op, copy);
        Run run = new Run(++nextId, op, copy, request, targets, opener);
        LOG.log(Level.INFO, "{0}: {1} {2} in the {3} pool: asking {4} member(s)", self,
                op.name().toLowerCase(java.util.Locale.ROOT), fingerprint(op, copy), PoolLabel.name(pool), targets.size());
        run.pump();
        return run.id;
    }

    /** A peer's {@link KeyRequest}: applied to the local keyring at once, and answered. */
    KeyReply answer(KeyRequest request, NodeAddress from) {
        if (keyring == null) {
            return new KeyReply(false, "encryption is not enabled on " + self, List.of());
        }
        try {
            Keyring next = apply(keyring, request.operation(), request.key());
            if (next != keyring) {
                set(next);
                LOG.log(Level.INFO, "{0}: {1} {2} at the request of {3}; keys now {4}", self,
                        request.operation().name().toLowerCase(java.util.Locale.ROOT),
                        fingerprint(request.operation(), request.key()), from, keyring.fingerprints());
            }
            return new KeyReply(true, "", keyring.fingerprints());
        } catch (IllegalArgumentException e) {
            return new KeyReply(false, e.getMessage(), keyring.fingerprints());
        }
    }

    private void set(Keyring next) {
        keyring = next;
        changed.accept(next);
    }

    private static String fingerprint(Operation op, byte[] key) {
        return op == Operation.LIST ? "keys" : "key " + Keyring.fingerprint(key);
    }

    /** One operation in progress. */
    private final class Run {
        final long id;
        final Operation op;
        final byte[] key;
        final KeyRequest request;
        final Deque<Target> waiting;
        final Opener opener;
        final Map<String, KeyResponse.Answer> answers = new HashMap<>();
        int inFlight;
        boolean finished;

        Run(long id, Operation op, byte[] key, KeyRequest request, List<Target> targets, Opener opener) {
            this.id = id;
            this.op = op;
            this.key = key;
            this.request = request;
            this.waiting = new ArrayDeque<>(targets);
            this.opener = opener;
        }

        void pump() {
            while (inFlight < MAX_IN_FLIGHT && !waiting.isEmpty()) {
                Target t = waiting.poll();
                inFlight++;
                opener.open(t.address(), request, reply -> answered(t, reply));
            }
            if (inFlight == 0 && waiting.isEmpty()) {
                finish();
            }
        }

        void answered(Target t, Optional<Message> reply) {
            inFlight--;
            KeyResponse.Answer answer;
            if (reply.isPresent() && reply.get() instanceof KeyReply r) {
                answer = new KeyResponse.Answer(r.acknowledged(), r.acknowledged() ? "" : r.error(), r.keys());
            } else if (reply.isPresent() && reply.get() instanceof Refuse r) {
                answer = new KeyResponse.Answer(false, "refused: " + r.reason() + " (" + r.detail() + ")", List.of());
            } else {
                answer = new KeyResponse.Answer(false, "no answer from " + t.address()
                        + ": unreachable, timed out, or it holds none of our keys", List.of());
            }
            answers.put(t.name(), answer);
            pump();
        }

        void finish() {
            if (finished) {
                return;
            }
            finished = true;
            KeyResponse.Answer local;
            try {
                Keyring next = apply(keyring, op, key);
                if (next != keyring) {
                    set(next);
                }
                local = new KeyResponse.Answer(true, "", keyring.fingerprints());
            } catch (IllegalArgumentException e) {
                // A peer's request changed our keyring meanwhile.
                local = new KeyResponse.Answer(false, e.getMessage(), keyring.fingerprints());
            }
            answers.put(self, local);
            KeyResponse response = new KeyResponse(pool, op,
                    op == Operation.LIST ? Optional.empty() : Optional.of(Keyring.fingerprint(key)), answers);
            Arrays.fill(key, (byte) 0);
            LOG.log(Level.INFO, "{0}: {1} {2} in the {3} pool: {4} of {5} member(s) acknowledged{6}", self,
                    op.name().toLowerCase(java.util.Locale.ROOT), response.key().map(k -> "key " + k).orElse("keys"),
                    PoolLabel.name(pool), response.acknowledged().size(), answers.size(),
                    response.failed().isEmpty() ? "" : "; not: " + response.failed());
            finisher.finished(id, response);
        }
    }
}
