package io.gossamer.swim.wire;

import io.gossamer.MemberState;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sample messages shared by the wire tests. */
final class WireFixtures {

    static final String LABEL = "prod/lan/eu-west-1";
    static final NodeAddress V4 = new NodeAddress("10.0.3.17", 7946);
    static final NodeAddress V6 = new NodeAddress("fe80::1ff:fe23:4567:890a%eth0", 65_535);
    /** A realistic generation: an instance's start time in epoch milliseconds, six bytes as a varint. */
    static final long GENERATION = 1_800_000_000_000L;

    private WireFixtures() {
    }

    static List<Message> everyDatagramMessage() {
        return List.of(
                new Message.Ping(42L, "node-1"),
                new Message.Ping(Long.MIN_VALUE, ""),
                new Message.IndirectPing(-1L, "node-2", V6, true),
                new Message.IndirectPing(7L, "node-3", new NodeAddress("::1", 0), false),
                new Message.Ack(Long.MAX_VALUE),
                new Message.Nack(0L),
                new Message.Alive("nœud-ü-東京-😀", GENERATION, 0L, V4, "eu-west-1", "server", Map.of("rack", "r1", "zone", "b")),
                new Message.Alive("n", Long.MAX_VALUE, Long.MAX_VALUE, V6, "", "", Map.of()),
                new Message.Suspect("node-4", 0, 127L, "node-1"),
                new Message.Suspect("node-4", 128, 128L, "node-1"),
                new Message.Dead("node-5", GENERATION + 1, 1L << 40, "node-5"),
                new Message.Dead("node-5", GENERATION, 3L, "node-6"),
                new Message.Forget("node-5", GENERATION, 3L),
                new Message.Refuse(io.gossamer.RefusalReason.FOREIGN_DATACENTER,
                        "node-7 (cluster prod, pool lan, datacenter dc2, role client)"),
                new Message.Refuse(io.gossamer.RefusalReason.SERVER_LAN_PORT, ""));
    }

    static Message.PushPull pushPull(int members) {
        List<Message.MemberRecord> records = new java.util.ArrayList<>();
        MemberState[] states = java.util.Arrays.stream(MemberState.values())
                .filter(s -> s != MemberState.DAMPED).toArray(MemberState[]::new); // DAMPED is a view, never sent
        for (int i = 0; i < members; i++) {
            records.add(new Message.MemberRecord("member-" + i, new NodeAddress("10.1." + (i / 256) + "." + (i % 256),
                    7946), "dc" + (i % 3), i % 5 == 0 ? "server" : "client",
                    i % 2 == 0 ? Map.of("i", Integer.toString(i)) : Map.of(), GENERATION + i, i, states[i % states.length]));
        }
        return new Message.PushPull(members % 2 == 0, records);
    }

    static String repeat(String s, int n) {
        return s.repeat(n);
    }

    /**
     * Tags whose encoded size is exactly {@link WireLimits#MAX_TAGS_BYTES}: two entries of
     * 2 + 1 + 253 bytes each.
     */
    static Map<String, String> maxTags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("a", repeat("x", 253));
        tags.put("b", repeat("y", 253));
        return tags;
    }
}
