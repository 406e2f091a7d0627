package io.gossamer.swim.wire;

import io.gossamer.swim.security.Aead;
import io.gossamer.swim.security.Keyring;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * What sealing costs per datagram, next to plaintext encoding and decoding: a quick loop with
 * warm-up, not JMH, printed and never asserted. Run with
 * {@code mvn -B -Pbench -pl impl -am verify -Dtest=SealingCostBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("bench")
class SealingCostBenchmark {

    private static final int ROUNDS = 100_000;

    @Test
    void sealAndOpenCostPerDatagram() {
        PacketCodec codec = new PacketCodec(WireFixtures.LABEL, 1400, true);
        Envelope aes128 = Envelope.sealed(new Aead(Keyring.of(new byte[16]), new SecureRandom()), true, true);
        byte[] k256 = new byte[32];
        k256[0] = 1;
        Envelope aes256 = Envelope.sealed(new Aead(Keyring.of(k256), new SecureRandom()), true, true);
        Envelope thirdKey = Envelope.sealed(new Aead(Keyring.of(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
                9, 9}, new byte[] {8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8}, new byte[16]), new SecureRandom()),
                true, true);
        Envelope plain = Envelope.plaintext();

        List<Message> ack = List.of(new Message.Ack(5));
        List<Message> full = new ArrayList<>();
        int used = 0;
        for (int i = 0; used + 100 < codec.capacity(); i++) {
            Message m = new Message.Alive("node-" + i, i, WireFixtures.V4, "dc1", "client", Map.of("zone", "a"));
            if (used + codec.framedSize(m) > codec.capacity()) {
                break;
            }
            full.add(m);
            used += codec.framedSize(m);
        }
        System.out.printf("[bench] full datagram: %d messages, %d bytes plaintext%n", full.size(),
                codec.encode(full).length);
        for (List<Message> messages : List.of(ack, full)) {
            String what = messages == ack ? "ack" : "full";
            report(what + " plaintext encode", () -> codec.encode(messages, plain).length);
            report(what + " AES-128 seal    ", () -> codec.encode(messages, aes128).length);
            report(what + " AES-256 seal    ", () -> codec.encode(messages, aes256).length);
            byte[] p = codec.encode(messages, plain);
            byte[] s128 = codec.encode(messages, aes128);
            byte[] s256 = codec.encode(messages, aes256);
            report(what + " plaintext decode", () -> size(codec.decode(p, 0, p.length, l -> false, plain)));
            report(what + " AES-128 open    ", () -> size(codec.decode(s128, 0, s128.length, l -> false, aes128)));
            report(what + " AES-256 open    ", () -> size(codec.decode(s256, 0, s256.length, l -> false, aes256)));
            report(what + " open, 3rd key   ", () -> size(codec.decode(s128, 0, s128.length, l -> false, thirdKey)));
            report(what + " wrong key (x3)  ", () -> size(codec.decode(s256, 0, s256.length, l -> false, thirdKey)));
        }
    }

    private static int size(PacketCodec.Decoded d) {
        return d instanceof PacketCodec.Decoded.Messages m ? m.messages().size() : -1;
    }

    /** The best of three timed runs after one untimed: the machine is shared, noise only adds. */
    private static void report(String what, IntSupplier op) {
        long sink = 0;
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 4; run++) {
            long start = System.nanoTime();
            for (int i = 0; i < ROUNDS; i++) {
                sink += op.getAsInt();
            }
            long ns = (System.nanoTime() - start) / ROUNDS;
            if (run > 0) {
                best = Math.min(best, ns);
            }
        }
        System.out.printf("[bench] %s %6d ns/datagram (%d)%n", what, best, sink % 10);
    }
}
