package io.gossamer.swim.wire;

import io.gossamer.MemberState;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Generators of valid messages: every field anywhere inside the limits of {@link WireLimits}. */
final class WireArbitraries {

    private WireArbitraries() {
    }

    /** Strings of at most {@code maxBytes} UTF-8 bytes: mostly ASCII, some of any plane, some long. */
    static Arbitrary<String> text(int maxBytes) {
        Arbitrary<String> ascii = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30);
        Arbitrary<String> anyPlane = Arbitraries.integers().between(0, 0x10FFFF)
                .filter(cp -> cp < 0xD800 || cp > 0xDFFF)
                .list().ofMaxSize(20)
                .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size()));
        Arbitrary<String> multiByte = Arbitraries.of("a", "é", "東", "😀", "\u0000", "\uFFFF")
                .list().ofMaxSize(90).map(l -> String.join("", l));
        Arbitrary<String> nearLimit = Arbitraries.strings().withCharRange('a', 'z')
                .ofMinLength(Math.max(0, maxBytes - 10)).ofMaxLength(maxBytes);
        return Arbitraries.frequencyOf(
                Tuple.of(6, ascii), Tuple.of(3, anyPlane), Tuple.of(2, multiByte), Tuple.of(1, nearLimit))
                .filter(s -> Utf8.encodedLength(s) <= maxBytes);
    }

    /**
     * Identifiers ({@link WireText}) of at most {@code maxBytes}: {@link #text(int)} with every
     * character an identifier may not hold replaced by '_' (never longer in UTF-8).
     */
    static Arbitrary<String> identifiers(int maxBytes) {
        return text(maxBytes).map(s -> scrub(s, false));
    }

    /** Tag values ({@link WireText} text): {@link #text(int)} scrubbed, white space kept. */
    static Arbitrary<String> texts(int maxBytes) {
        return text(maxBytes).map(s -> scrub(s, true));
    }

    private static String scrub(String s, boolean spaces) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            String one = new String(Character.toChars(cp));
            boolean ok = spaces ? WireText.textProblem(one) == null : WireText.identifierProblem(one) == null;
            b.append(ok ? one : "_");
        });
        return b.toString();
    }

    static Arbitrary<String> hosts() {
        Arbitrary<Integer> octet = Arbitraries.integers().between(0, 255);
        Arbitrary<String> v4 = octet.list().ofSize(4)
                .map(l -> l.stream().map(String::valueOf).collect(Collectors.joining(".")));
        Arbitrary<String> v6 = Arbitraries.integers().between(0, 0xFFFF).list().ofSize(8)
                .map(l -> l.stream().map(Integer::toHexString).collect(Collectors.joining(":")));
        Arbitrary<String> v6Short = Arbitraries.of("::", "::1", "fe80::1%eth0", "2001:db8::8a2e:370:7334",
                "::ffff:192.0.2.128");
        // Up to the 255-byte limit: a link-local literal with a long zone id.
        Arbitrary<String> zoned = Arbitraries.strings().withChars("abcxyz019._-").ofMinLength(1).ofMaxLength(247)
                .map(zone -> "fe80::1%" + zone);
        return Arbitraries.frequencyOf(Tuple.of(4, v4), Tuple.of(2, v6), Tuple.of(2, v6Short), Tuple.of(1, zoned));
    }

    static Arbitrary<NodeAddress> addresses() {
        return Combinators.combine(hosts(), Arbitraries.integers().between(0, 65_535)).as(NodeAddress::new);
    }

    static Arbitrary<Long> incarnations() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 20_000), Arbitraries.longs().between(0, Long.MAX_VALUE));
    }

    /** Small values, start times in epoch milliseconds (as nodes choose them), and the whole range. */
    static Arbitrary<Long> generations() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 20_000),
                Arbitraries.longs().between(1_500_000_000_000L, 4_000_000_000_000L),
                Arbitraries.longs().between(0, Long.MAX_VALUE));
    }

    static Arbitrary<Long> seqs() {
        return Arbitraries.longs();
    }

    /** Tag maps kept within {@link WireLimits#MAX_TAGS_BYTES} by dropping entries that overflow. */
    static Arbitrary<Map<String, String>> tags() {
        return Combinators.combine(identifiers(255), texts(255)).as(Map::entry).list().ofMaxSize(8).map(entries -> {
            Map<String, String> tags = new LinkedHashMap<>();
            int size = 0;
            for (Map.Entry<String, String> e : entries) {
                int entrySize = 2 + Utf8.encodedLength(e.getKey()) + Utf8.encodedLength(e.getValue());
                if (!tags.containsKey(e.getKey()) && size + entrySize <= WireLimits.MAX_TAGS_BYTES) {
                    tags.put(e.getKey(), e.getValue());
                    size += entrySize;
                }
            }
            return tags;
        });
    }

    static Arbitrary<Message> datagramMessages() {
        Arbitrary<String> name = identifiers(WireLimits.MAX_NAME_BYTES);
        Arbitrary<Message> ping = Combinators.combine(seqs(), name).as(Message.Ping::new);
        Arbitrary<Message> indirect = Combinators.combine(seqs(), name, addresses(), Arbitraries.of(true, false))
                .as(Message.IndirectPing::new);
        Arbitrary<Message> ack = seqs().map(Message.Ack::new);
        Arbitrary<Message> nack = seqs().map(Message.Nack::new);
        Arbitrary<Message> alive = Combinators.combine(name, generations(), incarnations(), addresses(), identifiers(255),
                        identifiers(255), tags())
                .as(Message.Alive::new);
        Arbitrary<Message> suspect = Combinators.combine(name, generations(), incarnations(), name).as(Message.Suspect::new);
        Arbitrary<Message> dead = Combinators.combine(name, generations(), incarnations(), name).as(Message.Dead::new);
        Arbitrary<Message> refuse = Combinators.combine(Arbitraries.of(io.gossamer.RefusalReason.class),
                refusalDetails()).as(Message.Refuse::new);
        Arbitrary<Message> forget = Combinators.combine(name, generations(), incarnations()).as(Message.Forget::new);
        Arbitrary<Message> event = Combinators.combine(name, generations(), Arbitraries.longs().between(1, Long.MAX_VALUE),
                identifiers(64).filter(s -> !s.isEmpty()), Arbitraries.bytes().array(byte[].class).ofMaxSize(256),
                Arbitraries.of(true, false), Arbitraries.doubles().between(0, 1))
                .as((origin, generation, ltime, eventName, payload, coalesce, before) -> new Message.UserEvent(origin,
                        generation, ltime, Math.min(ltime - 1, (long) (before * (ltime - 1))), eventName, payload, coalesce));
        Arbitrary<Message.QueryResponse> response = Combinators.combine(name, Arbitraries.longs().between(0, Long.MAX_VALUE),
                name, Arbitraries.of(true, false), Arbitraries.bytes().array(byte[].class).ofMaxSize(200))
                .as((origin, ltime, from, isAck, payload) -> new Message.QueryResponse(origin, ltime, from, isAck,
                        isAck ? new byte[0] : payload))
                .filter(r -> fits(r));
        Arbitrary<Message> query = Combinators.combine(Combinators.combine(identifiers(40), generations(), addresses(),
                        Arbitraries.longs().between(1, Long.MAX_VALUE)).as(List::<Object>of),
                Arbitraries.longs().between(1, WireLimits.MAX_QUERY_TIMEOUT_MS), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 255), identifiers(30).list().ofMaxSize(4),
                Combinators.combine(identifiers(20), texts(40)).as(Map::entry).list().ofMaxSize(3),
                identifiers(40).filter(s -> !s.isEmpty()), Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
                .as((head, timeout, wantsAck, relays, nodes, tags, queryName, payload) -> {
                    Map<String, String> t = new java.util.HashMap<>();
                    tags.forEach(e -> t.putIfAbsent(e.getKey(), e.getValue()));
                    return (Message) new Message.Query((String) head.get(0), (Long) head.get(1),
                            (NodeAddress) head.get(2), (Long) head.get(3), timeout, wantsAck, relays, nodes, t, queryName,
                            payload);
                })
                .filter(WireArbitraries::fits);
        Arbitrary<Message> relay = Combinators.combine(addresses(), response).as(Message.Relay::new);
        Arbitrary<Message> coordinate = Combinators.combine(
                Arbitraries.floats().between(-1, 1).array(float[].class).ofMinSize(1).ofMaxSize(16),
                Arbitraries.floats().between(0, 1.5f), Arbitraries.floats().between(-1, 1),
                Arbitraries.floats().between(0, 1)).as(Message.NetworkCoordinate::new);
        return Arbitraries.oneOf(ping, indirect, ack, nack, alive, suspect, dead, refuse, forget, event, query,
                response.map(r -> (Message) r), relay, coordinate);
    }

    /** Printable details (a decoder replaces anything else), up to the 255-byte limit. */
    static Arbitrary<String> refusalDetails() {
        Arbitrary<String> ascii = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(255);
        Arbitrary<String> multiByte = Arbitraries.of("a", "é", "東", "😀", " ").list().ofMaxSize(80)
                .map(l -> String.join("", l));
        return Arbitraries.oneOf(ascii, multiByte)
                .filter(s -> Utf8.encodedLength(s) <= WireLimits.MAX_REFUSAL_DETAIL_BYTES);
    }

    static Arbitrary<Message.MemberRecord> memberRecords() {
        return Combinators.combine(identifiers(255), addresses(), identifiers(255), identifiers(255), tags(),
                generations(), incarnations(),
                // DAMPED is a view, never sent
                Arbitraries.of(MemberState.ALIVE, MemberState.SUSPECT, MemberState.DEAD, MemberState.LEFT))
                .as(Message.MemberRecord::new);
    }

    static Arbitrary<Message> anyMessages() {
        Arbitrary<Message> pushPull = Combinators.combine(Arbitraries.of(true, false),
                memberRecords().list().ofMaxSize(12)).as(Message.PushPull::new);
        return Arbitraries.frequencyOf(Tuple.of(3, datagramMessages()), Tuple.of(1, pushPull));
    }

    /** Whether {@code m} is within the wire's size limits (queries and answers have an overall one). */
    static boolean fits(Message m) {
        try {
            WireLimits.checkMessage(m);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The longest prefix-greedy selection of {@code messages} that fits one datagram of {@code codec}. */
    static List<Message> fitting(PacketCodec codec, List<Message> messages) {
        List<Message> chosen = new java.util.ArrayList<>();
        int used = 0;
        for (Message m : messages) {
            int size = codec.framedSize(m);
            if (used + size <= codec.capacity() && chosen.size() < WireLimits.MAX_MESSAGES_PER_PACKET) {
                chosen.add(m);
                used += size;
            }
        }
        if (chosen.isEmpty()) {
            chosen.add(new Message.Ack(0));
        }
        return chosen;
    }
}
