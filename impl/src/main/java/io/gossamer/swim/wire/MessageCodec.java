package io.gossamer.swim.wire;

import io.gossamer.KeyResponse;
import io.gossamer.MemberState;
import io.gossamer.RefusalReason;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Message bodies, shared by the datagram and the stream codec. A message on the wire is
 * {@code [type u8][body]}; this class handles the type byte and the body, the enclosing framing
 * belongs to the codecs. See {@code impl/README.md (Wire format)} for the layout of every body.
 */
final class MessageCodec {

    /** Smallest encoded member record: empty name, one-byte host, port, empty dc and role, empty
     *  tag block, one-byte generation and incarnation, state. Used to reject counts before allocating. */
    static final int MIN_MEMBER_RECORD_BYTES = 1 + 2 + 2 + 1 + 1 + 2 + 1 + 1 + 1;

    private static final MessageType[] BY_ID = new MessageType[256];

    static {
        for (MessageType t : MessageType.values()) {
            BY_ID[t.id()] = t;
        }
    }

    private MessageCodec() {
    }

    /** The type with wire id {@code id} (0..255), or null if this build does not know it. */
    static MessageType typeOf(int id) {
        return BY_ID[id];
    }

    static MessageType typeOf(Message m) {
        if (m instanceof Message.Ping) {
            return MessageType.PING;
        } else if (m instanceof Message.IndirectPing) {
            return MessageType.INDIRECT_PING;
        } else if (m instanceof Message.Ack) {
            return MessageType.ACK;
        } else if (m instanceof Message.Nack) {
            return MessageType.NACK;
        } else if (m instanceof Message.Alive) {
            return MessageType.ALIVE;
        } else if (m instanceof Message.Suspect) {
            return MessageType.SUSPECT;
        } else if (m instanceof Message.Dead) {
            return MessageType.DEAD;
        } else if (m instanceof Message.PushPull) {
            return MessageType.PUSH_PULL;
        } else if (m instanceof Message.Refuse) {
            return MessageType.REFUSE;
        } else if (m instanceof Message.Forget) {
            return MessageType.FORGET;
        } else if (m instanceof Message.KeyRequest) {
            return MessageType.KEY_REQUEST;
        } else if (m instanceof Message.KeyReply) {
            return MessageType.KEY_REPLY;
        } else if (m instanceof Message.UserEvent) {
            return MessageType.USER_EVENT;
        } else if (m instanceof Message.Query) {
            return MessageType.QUERY;
        } else if (m instanceof Message.QueryResponse) {
            return MessageType.QUERY_RESPONSE;
        } else if (m instanceof Message.Relay) {
            return MessageType.RELAY;
        } else if (m instanceof Message.NetworkCoordinate) {
            return MessageType.COORDINATE;
        }
        throw new IllegalArgumentException("unknown message class " + m.getClass());
    }

    // ---------------------------------------------------------------------------------- sizes

    /**
     * Encoded size of {@code m}, type byte included. Validates every field against
     * {@link WireLimits} on the way, so that a message whose size is known can always be written.
     *
     * @throws IllegalArgumentException if a field is outside the limits
     */
    static long size(Message m) {
        if (m instanceof Message.Ping p) {
            return 1 + 8 + name(p.target(), "ping target");
        } else if (m instanceof Message.IndirectPing p) {
            return 1 + 8 + name(p.target(), "indirect ping target") + address(p.targetAddress()) + 1;
        } else if (m instanceof Message.Ack || m instanceof Message.Nack) {
            return 1 + 8;
        } else if (m instanceof Message.Alive a) {
            return 1 + name(a.name(), "name") + generation(a.generation()) + incarnation(a.incarnation())
                    + address(a.address())
                    + datacenter(a.datacenter()) + role(a.role()) + tags(a.tags());
        } else if (m instanceof Message.Suspect s) {
            return 1 + name(s.name(), "name") + generation(s.generation()) + incarnation(s.incarnation())
                    + name(s.from(), "from");
        } else if (m instanceof Message.Dead d) {
            return 1 + name(d.name(), "name") + generation(d.generation()) + incarnation(d.incarnation())
                    + name(d.from(), "from");
        } else if (m instanceof Message.PushPull pp) {
            if (pp.members().size() > WireLimits.MAX_PUSH_PULL_MEMBERS) {
                throw new IllegalArgumentException("push-pull holds " + pp.members().size()
                        + " members, at most " + WireLimits.MAX_PUSH_PULL_MEMBERS + " allowed");
            }
            if (pp.events().size() > WireLimits.MAX_PUSH_PULL_EVENTS) {
                throw new IllegalArgumentException("push-pull holds " + pp.events().size()
                        + " events, at most " + WireLimits.MAX_PUSH_PULL_EVENTS + " allowed");
            }
            long size = 1 + 1 + 4 + 2;
            for (Message.MemberRecord r : pp.members()) {
                size += memberRecord(r);
            }
            for (Message.UserEvent e : pp.events()) {
                size += size(e) - 1;
            }
            return size;
        } else if (m instanceof Message.Refuse r) {
            return 1 + 1 + 1 + WireLimits.utf8Length(r.detail(), WireLimits.MAX_REFUSAL_DETAIL_BYTES, "detail");
        } else if (m instanceof Message.Forget f) {
            return 1 + name(f.name(), "name") + generation(f.generation()) + incarnation(f.incarnation());
        } else if (m instanceof Message.KeyRequest k) {
            return 1 + 1 + 1 + k.key().length;
        } else if (m instanceof Message.KeyReply k) {
            if (k.keys().size() > MAX_KEY_FINGERPRINTS) {
                throw new IllegalArgumentException(k.keys().size() + " key fingerprints, at most "
                        + MAX_KEY_FINGERPRINTS);
            }
            k.keys().forEach(Message.KeyReply::fingerprintBytes);
            return 1 + 1 + 1 + WireLimits.utf8Length(k.error(), WireLimits.MAX_REFUSAL_DETAIL_BYTES, "error")
                    + 1 + 4L * k.keys().size();
        } else if (m instanceof Message.UserEvent e) {
            WireLimits.checkEvent(e.name(), e.payloadLength());
            return 1 + name(e.origin(), "origin") + generation(e.generation()) + WireWriter.varintSize(e.ltime())
                    + WireWriter.varintSize(e.previous()) + name(e.name(), "event name") + 2 + e.payloadLength() + 1;
        } else if (m instanceof Message.Query q) {
            return checkQuery(q);
        } else if (m instanceof Message.QueryResponse r) {
            return checkResponse(r);
        } else if (m instanceof Message.Relay r) {
            return 1 + address(r.to()) + checkResponse(r.response()) - 1;
        } else if (m instanceof Message.NetworkCoordinate c) {
            if (!c.valid()) {
                throw new IllegalArgumentException("a coordinate's values are finite, its error and height not negative");
            }
            return 1 + 1 + 4L * c.vector().length + 12;
        }
        throw new IllegalArgumentException("unknown message class " + m.getClass());
    }

    private static long checkQuery(Message.Query q) {
        if (q.name().isEmpty()) {
            throw new IllegalArgumentException("a query name must not be empty");
        }
        if (q.timeoutMs() > WireLimits.MAX_QUERY_TIMEOUT_MS) {
            throw new IllegalArgumentException("a query runs at most " + WireLimits.MAX_QUERY_TIMEOUT_MS + " ms, not "
                    + q.timeoutMs());
        }
        if (q.nodes().size() > WireLimits.MAX_QUERY_FILTERS || q.tags().size() > WireLimits.MAX_QUERY_FILTERS) {
            throw new IllegalArgumentException("a query filters on at most " + WireLimits.MAX_QUERY_FILTERS
                    + " names and " + WireLimits.MAX_QUERY_FILTERS + " tags");
        }
        long size = 1 + name(q.origin(), "origin") + generation(q.generation()) + address(q.replyTo())
                + WireWriter.varintSize(q.ltime()) + WireWriter.varintSize(q.timeoutMs()) + 1 + 1 + 1 + 1;
        for (String n : q.nodes()) {
            size += name(n, "node filter");
        }
        for (Map.Entry<String, String> t : q.tags().entrySet()) {
            size += name(t.getKey(), "tag filter key") + 1 + WireLimits.utf8Length(t.getValue(), 255, "tag pattern");
        }
        size += name(q.name(), "query name") + 2 + q.payloadLength();
        if (size > WireLimits.MAX_QUERY_BYTES) {
            throw new IllegalArgumentException("the query takes " + size + " bytes encoded; at most "
                    + WireLimits.MAX_QUERY_BYTES + " are allowed");
        }
        return size;
    }

    private static long checkResponse(Message.QueryResponse r) {
        long size = 1 + name(r.origin(), "origin") + WireWriter.varintSize(r.ltime()) + name(r.from(), "from") + 1
                + 2 + r.payloadLength();
        if (size > WireLimits.MAX_RESPONSE_BYTES) {
            throw new IllegalArgumentException("the answer takes " + size + " bytes encoded; at most "
                    + WireLimits.MAX_RESPONSE_BYTES + " are allowed");
        }
        return size;
    }

    /** Most fingerprints in a key reply: the count is one byte. */
    static final int MAX_KEY_FINGERPRINTS = 255;

    private static int memberRecord(Message.MemberRecord r) {
        return name(r.name(), "member name") + address(r.address()) + datacenter(r.datacenter())
                + role(r.role()) + tags(r.tags()) + generation(r.generation()) + incarnation(r.incarnation()) + 1;
    }

    private static int name(String s, String what) {
        return 1 + identifier(s, WireLimits.MAX_NAME_BYTES, what);
    }

    private static int datacenter(String s) {
        return 1 + identifier(s, WireLimits.MAX_DATACENTER_BYTES, "datacenter");
    }

    private static int role(String s) {
        return 1 + identifier(s, WireLimits.MAX_ROLE_BYTES, "role");
    }

    /** UTF-8 length of an identifier ({@link WireText}), checked against {@code max}. */
    private static int identifier(String s, int max, String what) {
        int len = WireLimits.utf8Length(s, max, what);
        String problem = WireText.identifierProblem(s);
        if (problem != null) {
            throw new IllegalArgumentException(what + " " + problem);
        }
        return len;
    }

    private static int address(NodeAddress a) {
        String host = a.host();
        int len = host.length();
        if (len > WireLimits.MAX_HOST_BYTES) {
            throw new IllegalArgumentException("host is " + len + " bytes, at most "
                    + WireLimits.MAX_HOST_BYTES + " allowed");
        }
        for (int i = 0; i < len; i++) {
            char c = host.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                throw new IllegalArgumentException("host must be printable ASCII without spaces: " + host);
            }
        }
        if (!IpLiteral.valid(host)) {
            throw new IllegalArgumentException("host must be an IPv4 or IPv6 literal, not a name: " + host);
        }
        // NodeAddress already guarantees a non-empty host and a port in 0..65535.
        return 1 + len + 2;
    }

    private static int generation(long generation) {
        if (generation < 0) {
            throw new IllegalArgumentException("generation must not be negative: " + generation);
        }
        return WireWriter.varintSize(generation);
    }

    private static int incarnation(long incarnation) {
        if (incarnation < 0) {
            throw new IllegalArgumentException("incarnation must not be negative: " + incarnation);
        }
        return WireWriter.varintSize(incarnation);
    }

    private static int tags(Map<String, String> tags) {
        return 2 + WireLimits.checkTags(tags);
    }

    // -------------------------------------------------------------------------------- writing

    /** Writes {@code [type][body]}; {@code m} must have passed {@link #size(Message)}. */
    static void write(WireWriter w, Message m) {
        w.u8(typeOf(m).id());
        if (m instanceof Message.Ping p) {
            w.i64(p.seq());
            writeString(w, p.target());
        } else if (m instanceof Message.IndirectPing p) {
            w.i64(p.seq());
            writeString(w, p.target());
            writeAddress(w, p.targetAddress());
            w.bool(p.wantNack());
        } else if (m instanceof Message.Ack a) {
            w.i64(a.seq());
        } else if (m instanceof Message.Nack n) {
            w.i64(n.seq());
        } else if (m instanceof Message.Alive a) {
            writeString(w, a.name());
            w.varint(a.generation());
            w.varint(a.incarnation());
            writeAddress(w, a.address());
            writeString(w, a.datacenter());
            writeString(w, a.role());
            writeTags(w, a.tags());
        } else if (m instanceof Message.Suspect s) {
            writeString(w, s.name());
            w.varint(s.generation());
            w.varint(s.incarnation());
            writeString(w, s.from());
        } else if (m instanceof Message.Dead d) {
            writeString(w, d.name());
            w.varint(d.generation());
            w.varint(d.incarnation());
            writeString(w, d.from());
        } else if (m instanceof Message.PushPull pp) {
            w.bool(pp.join());
            w.u32(pp.members().size());
            for (Message.MemberRecord r : pp.members()) {
                writeString(w, r.name());
                writeAddress(w, r.address());
                writeString(w, r.datacenter());
                writeString(w, r.role());
                writeTags(w, r.tags());
                w.varint(r.generation());
                w.varint(r.incarnation());
                w.u8(stateCode(r.state()));
            }
            w.u16(pp.events().size());
            for (Message.UserEvent e : pp.events()) {
                writeUserEvent(w, e);
            }
        } else if (m instanceof Message.Refuse r) {
            w.u8(r.reason().code());
            writeString(w, r.detail());
        } else if (m instanceof Message.Forget f) {
            writeString(w, f.name());
            w.varint(f.generation());
            w.varint(f.incarnation());
        } else if (m instanceof Message.KeyRequest k) {
            w.u8(operationCode(k.operation()));
            byte[] key = k.key();
            w.u8(key.length);
            w.bytes(key);
            java.util.Arrays.fill(key, (byte) 0);
        } else if (m instanceof Message.KeyReply k) {
            w.bool(k.acknowledged());
            writeString(w, k.error());
            w.u8(k.keys().size());
            for (String fingerprint : k.keys()) {
                w.bytes(Message.KeyReply.fingerprintBytes(fingerprint));
            }
        } else if (m instanceof Message.UserEvent e) {
            writeUserEvent(w, e);
        } else if (m instanceof Message.Query q) {
            writeString(w, q.origin());
            w.varint(q.generation());
            writeAddress(w, q.replyTo());
            w.varint(q.ltime());
            w.varint(q.timeoutMs());
            w.bool(q.ack());
            w.u8(q.relayFactor());
            w.u8(q.nodes().size());
            for (String n : q.nodes()) {
                writeString(w, n);
            }
            w.u8(q.tags().size());
            for (Map.Entry<String, String> t : new TreeMap<>(q.tags()).entrySet()) {
                writeString(w, t.getKey());
                writeString(w, t.getValue());
            }
            writeString(w, q.name());
            w.u16(q.payloadLength());
            w.bytes(q.payload());
        } else if (m instanceof Message.QueryResponse r) {
            writeResponse(w, r);
        } else if (m instanceof Message.Relay r) {
            writeAddress(w, r.to());
            writeResponse(w, r.response());
        } else if (m instanceof Message.NetworkCoordinate c) {
            float[] v = c.vector();
            w.u8(v.length);
            for (float f : v) {
                w.u32(Float.floatToIntBits(f) & 0xFFFF_FFFFL);
            }
            w.u32(Float.floatToIntBits(c.error()) & 0xFFFF_FFFFL);
            w.u32(Float.floatToIntBits(c.adjustment()) & 0xFFFF_FFFFL);
            w.u32(Float.floatToIntBits(c.height()) & 0xFFFF_FFFFL);
        }
    }

    private static void writeUserEvent(WireWriter w, Message.UserEvent e) {
        writeString(w, e.origin());
        w.varint(e.generation());
        w.varint(e.ltime());
        w.varint(e.previous());
        writeString(w, e.name());
        w.u16(e.payloadLength());
        w.bytes(e.payload());
        w.bool(e.coalesce());
    }

    private static void writeResponse(WireWriter w, Message.QueryResponse r) {
        writeString(w, r.origin());
        w.varint(r.ltime());
        writeString(w, r.from());
        w.bool(r.ack());
        w.u16(r.payloadLength());
        w.bytes(r.payload());
    }

    // Explicit codes: the API enum's declaration order is not a wire contract.
    private static int operationCode(KeyResponse.Operation op) {
        switch (op) {
            case LIST: return 1;
            case INSTALL: return 2;
            case USE: return 3;
            case REMOVE: return 4;
            default: throw new IllegalArgumentException("no wire code for " + op);
        }
    }

    private static KeyResponse.Operation operation(int code) throws WireFormatException {
        switch (code) {
            case 1: return KeyResponse.Operation.LIST;
            case 2: return KeyResponse.Operation.INSTALL;
            case 3: return KeyResponse.Operation.USE;
            case 4: return KeyResponse.Operation.REMOVE;
            default: throw new WireFormatException(DropReason.INVALID_FIELD, "unknown key operation " + code);
        }
    }

    private static void writeString(WireWriter w, String s) {
        w.string8(s, Utf8.encodedLength(s));
    }

    private static void writeAddress(WireWriter w, NodeAddress a) {
        w.string8(a.host(), a.host().length());
        w.u16(a.port());
    }

    private static void writeTags(WireWriter w, Map<String, String> tags) {
        w.u16(WireLimits.encodedTagsSize(tags));
        // Sorted so that equal maps always encode to equal bytes; a map of one or none is in order
        // already (most members have no tags, and a TreeMap per record sent was 6 % of a join storm's
        // allocation).
        Map<String, String> ordered = tags.size() <= 1 || tags instanceof java.util.SortedMap<String, String> sm
                && sm.comparator() == null ? tags : new TreeMap<>(tags);
        for (Map.Entry<String, String> e : ordered.entrySet()) {
            writeString(w, e.getKey());
            writeString(w, e.getValue());
        }
    }

    // Explicit codes rather than ordinals: MemberState's declaration order is not a wire contract.
    private static int stateCode(MemberState s) {
        switch (s) {
            case ALIVE: return 0;
            case SUSPECT: return 1;
            case DEAD: return 2;
            case LEFT: return 3;
            default: throw new IllegalArgumentException("no wire code for " + s);
        }
    }

    private static MemberState state(int code) throws WireFormatException {
        switch (code) {
            case 0: return MemberState.ALIVE;
            case 1: return MemberState.SUSPECT;
            case 2: return MemberState.DEAD;
            case 3: return MemberState.LEFT;
            default: throw new WireFormatException(DropReason.INVALID_FIELD, "unknown member state " + code);
        }
    }

    // -------------------------------------------------------------------------------- reading

    /**
     * Reads the body of a message of known type {@code type}; {@code r} spans exactly that body,
     * so leftover bytes are a drop.
     */
    static Message readBody(MessageType type, WireReader r) throws WireFormatException {
        Message m = switch (type) {
            case PING -> new Message.Ping(r.i64("seq"), r.identifier8("target"));
            case INDIRECT_PING -> new Message.IndirectPing(r.i64("seq"), r.identifier8("target"),
                    readAddress(r), r.bool("want-nack"));
            case ACK -> new Message.Ack(r.i64("seq"));
            case NACK -> new Message.Nack(r.i64("seq"));
            case ALIVE -> new Message.Alive(r.identifier8("name"), r.varint("generation"), r.varint("incarnation"),
                    readAddress(r), r.identifier8("datacenter"), r.identifier8("role"), readTags(r));
            case SUSPECT -> new Message.Suspect(r.identifier8("name"), r.varint("generation"), r.varint("incarnation"),
                    r.identifier8("from"));
            case DEAD -> new Message.Dead(r.identifier8("name"), r.varint("generation"), r.varint("incarnation"),
                    r.identifier8("from"));
            case PUSH_PULL -> readPushPull(r);
            // An unknown reason code (from a newer node) is still a refusal: RefusalReason.ofCode
            // reads it as the least specific reason. The detail comes from a stranger and ends up
            // in logs and exception messages: unsafe characters are replaced on the way in.
            case REFUSE -> new Message.Refuse(RefusalReason.ofCode(r.u8("reason")),
                    Header.printable(r.string8("detail")));
            case FORGET -> new Message.Forget(r.identifier8("name"), r.varint("generation"), r.varint("incarnation"));
            case KEY_REQUEST -> readKeyRequest(r);
            // The error comes from a peer and ends up in logs and exception messages, as a refusal's
            // detail does: unsafe characters are replaced on the way in.
            case KEY_REPLY -> readKeyReply(r);
            case USER_EVENT -> readUserEvent(r);
            case QUERY -> readQuery(r);
            case QUERY_RESPONSE -> readResponse(r);
            case RELAY -> new Message.Relay(readAddress(r), readResponse(r));
            case COORDINATE -> readCoordinate(r);
        };
        if (r.remaining() != 0) {
            throw new WireFormatException(DropReason.TRAILING_BYTES, r.remaining() + " bytes after the "
                    + type + " body");
        }
        return m;
    }

    private static NodeAddress readAddress(WireReader r) throws WireFormatException {
        String host = r.host("host");
        return new NodeAddress(host, r.u16("port"));
    }

    private static Map<String, String> readTags(WireReader r) throws WireFormatException {
        int blockLen = r.u16("tags length");
        if (blockLen > WireLimits.MAX_TAGS_BYTES) {
            throw new WireFormatException(DropReason.TOO_LARGE, "tags take " + blockLen + " bytes, at most "
                    + WireLimits.MAX_TAGS_BYTES + " allowed");
        }
        if (blockLen > r.remaining()) {
            throw new WireFormatException(DropReason.BAD_LENGTH, "tags length " + blockLen + " exceeds the "
                    + r.remaining() + " bytes left");
        }
        if (blockLen == 0) {
            return Map.of();
        }
        // Within the block, an entry overrunning the block is a wrong length, not a short input.
        WireReader block = r.slice(blockLen, DropReason.BAD_LENGTH);
        Map<String, String> tags = new HashMap<>();
        while (block.remaining() > 0) {
            String key = block.identifier8("tag key");
            String value = block.text8("tag value");
            if (tags.putIfAbsent(key, value) != null) {
                throw new WireFormatException(DropReason.INVALID_FIELD, "duplicate tag key");
            }
        }
        return tags;
    }

    private static Message.PushPull readPushPull(WireReader r) throws WireFormatException {
        boolean join = r.bool("join");
        long count = r.u32("member count");
        if (count > WireLimits.MAX_PUSH_PULL_MEMBERS) {
            throw new WireFormatException(DropReason.TOO_LARGE, "push-pull announces " + count
                    + " members, at most " + WireLimits.MAX_PUSH_PULL_MEMBERS + " allowed");
        }
        if (count * MIN_MEMBER_RECORD_BYTES > r.remaining()) {
            throw new WireFormatException(DropReason.BAD_LENGTH, "push-pull announces " + count
                    + " members but only " + r.remaining() + " bytes follow");
        }
        List<Message.MemberRecord> members = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            members.add(new Message.MemberRecord(r.identifier8("member name"), readAddress(r),
                    r.identifier8("datacenter"), r.identifier8("role"), readTags(r), r.varint("generation"),
                    r.varint("incarnation"), state(r.u8("state"))));
        }
        int eventCount = r.u16("event count");
        if (eventCount > WireLimits.MAX_PUSH_PULL_EVENTS) {
            throw new WireFormatException(DropReason.TOO_LARGE, "push-pull announces " + eventCount
                    + " events, at most " + WireLimits.MAX_PUSH_PULL_EVENTS + " allowed");
        }
        List<Message.UserEvent> events = new ArrayList<>(Math.min(eventCount, r.remaining()));
        for (int i = 0; i < eventCount; i++) {
            events.add(readUserEvent(r));
        }
        return new Message.PushPull(join, members, events);
    }

    private static Message.KeyRequest readKeyRequest(WireReader r) throws WireFormatException {
        KeyResponse.Operation op = operation(r.u8("key operation"));
        int len = r.u8("key length");
        boolean list = op == KeyResponse.Operation.LIST;
        if (list ? len != 0 : !io.gossamer.swim.security.Keyring.KEY_SIZES.contains(len)) {
            throw new WireFormatException(DropReason.INVALID_FIELD, "key length " + len + " for " + op
                    + (list ? ", expected 0" : ", expected 16, 24 or 32"));
        }
        byte[] key = r.bytes(len, "key");
        Message.KeyRequest request = new Message.KeyRequest(op, key);
        java.util.Arrays.fill(key, (byte) 0);
        return request;
    }

    private static Message.UserEvent readUserEvent(WireReader r) throws WireFormatException {
        String origin = r.identifier8("origin");
        long generation = r.varint("generation");
        long ltime = r.varint("Lamport time");
        long previous = r.varint("previous Lamport time");
        if (previous >= ltime) {
            throw new WireFormatException(DropReason.INVALID_FIELD, "previous Lamport time " + previous
                    + " is not before " + ltime);
        }
        String name = r.identifier8("event name");
        int length = r.u16("payload length");
        if (name.isEmpty()) {
            throw new WireFormatException(DropReason.INVALID_FIELD, "empty event name");
        }
        if (Utf8.encodedLength(name) + length > WireLimits.MAX_EVENT_BYTES) {
            throw new WireFormatException(DropReason.TOO_LARGE, "event name and payload take "
                    + (Utf8.encodedLength(name) + length) + " bytes, at most " + WireLimits.MAX_EVENT_BYTES
                    + " allowed");
        }
        return new Message.UserEvent(origin, generation, ltime, previous, name, r.bytes(length, "payload"),
                r.bool("coalesce"));
    }

    private static Message.Query readQuery(WireReader r) throws WireFormatException {
        if (r.remaining() + 1 > WireLimits.MAX_QUERY_BYTES) {
            throw new WireFormatException(DropReason.TOO_LARGE, "a query of " + (r.remaining() + 1)
                    + " bytes, at most " + WireLimits.MAX_QUERY_BYTES + " allowed");
        }
        String origin = r.identifier8("origin");
        long generation = r.varint("generation");
        NodeAddress replyTo = readAddress(r);
        long ltime = r.varint("Lamport time");
        long timeout = r.varint("timeout");
        if (ltime < 1 || timeout < 1 || timeout > WireLimits.MAX_QUERY_TIMEOUT_MS) {
            throw new WireFormatException(DropReason.INVALID_FIELD, "query at Lamport time " + ltime + " with timeout "
                    + timeout + " ms");
        }
        boolean ack = r.bool("ack");
        int relayFactor = r.u8("relay factor");
        int nodeCount = r.u8("node filter count");
        List<String> nodes = new ArrayList<>(Math.min(nodeCount, r.remaining()));
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(r.identifier8("node filter"));
        }
        int tagCount = r.u8("tag filter count");
        Map<String, String> tags = new HashMap<>();
        for (int i = 0; i < tagCount; i++) {
            if (tags.put(r.identifier8("tag filter key"), r.string8("tag pattern")) != null) {
                throw new WireFormatException(DropReason.INVALID_FIELD, "duplicate tag filter");
            }
        }
        String name = r.identifier8("query name");
        if (name.isEmpty()) {
            throw new WireFormatException(DropReason.INVALID_FIELD, "empty query name");
        }
        byte[] payload = r.bytes(r.u16("payload length"), "payload");
        return new Message.Query(origin, generation, replyTo, ltime, timeout, ack, relayFactor, nodes, tags, name,
                payload);
    }

    private static Message.NetworkCoordinate readCoordinate(WireReader r) throws WireFormatException {
        int dims = r.u8("dimensions");
        if (dims < 1 || dims > Message.NetworkCoordinate.MAX_DIMENSIONS) {
            throw new WireFormatException(DropReason.INVALID_FIELD, "a coordinate of " + dims + " dimensions");
        }
        float[] v = new float[dims];
        for (int i = 0; i < dims; i++) {
            v[i] = Float.intBitsToFloat((int) r.u32("coordinate"));
        }
        Message.NetworkCoordinate c = new Message.NetworkCoordinate(v, Float.intBitsToFloat((int) r.u32("error")),
                Float.intBitsToFloat((int) r.u32("adjustment")), Float.intBitsToFloat((int) r.u32("height")));
        if (!c.valid()) {
            throw new WireFormatException(DropReason.INVALID_FIELD, "a coordinate with a value not finite, or a "
                    + "negative error or height");
        }
        return c;
    }

    private static Message.QueryResponse readResponse(WireReader r) throws WireFormatException {
        String origin = r.identifier8("origin");
        long ltime = r.varint("Lamport time");
        String from = r.identifier8("from");
        boolean ack = r.bool("ack");
        int length = r.u16("payload length");
        if (ack && length > 0) {
            throw new WireFormatException(DropReason.INVALID_FIELD, "an acknowledgement with a payload");
        }
        if (length + 1 > WireLimits.MAX_RESPONSE_BYTES) {
            throw new WireFormatException(DropReason.TOO_LARGE, "an answer of " + length + " bytes");
        }
        return new Message.QueryResponse(origin, ltime, from, ack, r.bytes(length, "payload"));
    }

    private static Message.KeyReply readKeyReply(WireReader r) throws WireFormatException {
        boolean acknowledged = r.bool("acknowledged");
        String error = Header.printable(r.string8("error"));
        int count = r.u8("key count");
        List<String> keys = new ArrayList<>(Math.min(count, r.remaining() / 4 + 1));
        java.util.HexFormat hex = java.util.HexFormat.of();
        for (int i = 0; i < count; i++) {
            keys.add(hex.formatHex(r.bytes(4, "key fingerprint")));
        }
        return new Message.KeyReply(acknowledged, error, keys);
    }
}
