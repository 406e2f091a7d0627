package io.gossamer.swim.wire;

import io.gossamer.swim.security.Aead;
import io.gossamer.swim.security.Keyring;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What sealing costs per datagram, next to plaintext encoding and decoding (JMH, time per
 * operation). Run with {@code mvn -B -Pbench -pl impl -am verify -DskipTests}; see impl/README.md,
 * "Cost". Short iterations: the differences measured are microseconds, and the whole run stays
 * near three minutes on two cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SealingCostBenchmark {

    private static final Predicate<String> NO_OTHER_LABEL = label -> false;

    /** An ack (the smallest datagram), or a datagram filled with alive messages. */
    @Param({"ack", "full"})
    public String datagram;

    private final PacketCodec codec = new PacketCodec(WireFixtures.LABEL, 1400, true);
    private final Envelope plain = Envelope.plaintext();
    private Envelope aes128;
    private Envelope aes256;
    /** Holds the AES-128 key third of three, and not the AES-256 one. */
    private Envelope thirdKey;
    private List<Message> messages;
    private byte[] plaintext;
    private byte[] sealed128;
    private byte[] sealed256;

    @Setup
    public void setUp() {
        aes128 = Envelope.sealed(new Aead(Keyring.of(new byte[16]), new SecureRandom()), true, true);
        byte[] k256 = new byte[32];
        k256[0] = 1;
        aes256 = Envelope.sealed(new Aead(Keyring.of(k256), new SecureRandom()), true, true);
        byte[] nines = new byte[16];
        byte[] eights = new byte[16];
        Arrays.fill(nines, (byte) 9);
        Arrays.fill(eights, (byte) 8);
        thirdKey = Envelope.sealed(new Aead(Keyring.of(nines, eights, new byte[16]), new SecureRandom()), true, true);
        messages = datagram.equals("ack") ? List.of(new Message.Ack(5)) : full();
        plaintext = codec.encode(messages, plain);
        sealed128 = codec.encode(messages, aes128);
        sealed256 = codec.encode(messages, aes256);
    }

    /** As many alive messages as one datagram holds. */
    private List<Message> full() {
        List<Message> full = new ArrayList<>();
        int used = 0;
        for (int i = 0; ; i++) {
            Message m = new Message.Alive("node-" + i, 0, i, WireFixtures.V4, "dc1", "client", Map.of("zone", "a"));
            if (used + codec.framedSize(m) > codec.capacity()) {
                return full;
            }
            full.add(m);
            used += codec.framedSize(m);
        }
    }

    @Benchmark
    public byte[] encodePlaintext() {
        return codec.encode(messages, plain);
    }

    @Benchmark
    public byte[] sealAes128() {
        return codec.encode(messages, aes128);
    }

    @Benchmark
    public byte[] sealAes256() {
        return codec.encode(messages, aes256);
    }

    @Benchmark
    public PacketCodec.Decoded decodePlaintext() {
        return codec.decode(plaintext, 0, plaintext.length, NO_OTHER_LABEL, plain);
    }

    @Benchmark
    public PacketCodec.Decoded openAes128() {
        return codec.decode(sealed128, 0, sealed128.length, NO_OTHER_LABEL, aes128);
    }

    @Benchmark
    public PacketCodec.Decoded openAes256() {
        return codec.decode(sealed256, 0, sealed256.length, NO_OTHER_LABEL, aes256);
    }

    /** Two keys tried in vain before the right one. */
    @Benchmark
    public PacketCodec.Decoded openWithThirdKey() {
        return codec.decode(sealed128, 0, sealed128.length, NO_OTHER_LABEL, thirdKey);
    }

    /** A stranger's datagram: three keys tried in vain, then dropped. */
    @Benchmark
    public PacketCodec.Decoded wrongKeyThreeTries() {
        return codec.decode(sealed256, 0, sealed256.length, NO_OTHER_LABEL, thirdKey);
    }
}
