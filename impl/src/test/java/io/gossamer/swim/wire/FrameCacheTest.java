package io.gossamer.swim.wire;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.gossamer.swim.wire.WireFixtures.LABEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameCacheTest {

    private final PacketCodec codec = new PacketCodec(LABEL, 1400);

    @Test
    void datagramsAreTheSameBytesWithTheCacheAsWithout() {
        FrameCache cache = new FrameCache(64);
        List<Message> all = WireFixtures.everyDatagramMessage();
        byte[] plain = codec.encode(all);
        // Twice: the second time every gossip body comes from the cache.
        assertThat(codec.encode(all, Envelope.plaintext(), cache)).isEqualTo(plain);
        assertThat(cache.size()).isPositive();
        assertThat(codec.encode(all, Envelope.plaintext(), cache)).isEqualTo(plain);
        for (int i = 0; i < all.size(); i++) {
            List<Message> one = List.of(all.get(i));
            assertThat(codec.encode(one, Envelope.plaintext(), cache)).as(one.toString()).isEqualTo(codec.encode(one));
        }
    }

    @Test
    void keepsGossipOnlyAndLetsGoOnClear() {
        FrameCache cache = new FrameCache(64);
        codec.encode(List.of(new Message.Ack(1), new Message.Ping(2, "a")), Envelope.plaintext(), cache);
        assertThat(cache.size()).isZero();
        Message.Suspect s = new Message.Suspect("a", 1, 2, "b");
        codec.encode(List.of(s), Envelope.plaintext(), cache);
        assertThat(cache.size()).isEqualTo(1);
        cache.clear();
        assertThat(cache.size()).isZero();
    }

    @Test
    void aCollidingMessageTakesTheSlotAndBothStillEncodeRight() {
        // Two slots for all: most messages evict one before them.
        FrameCache cache = new FrameCache(1);
        List<Message> news = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            news.add(new Message.Dead("node-" + i, 1, i, "x"));
        }
        for (Message m : news) {
            assertThat(codec.encode(List.of(m), Envelope.plaintext(), cache)).isEqualTo(codec.encode(List.of(m)));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(2);
    }

    @Test
    void anInvalidMessageStillThrowsAndIsNotKept() {
        FrameCache cache = new FrameCache(8);
        Message bad = new Message.Alive("bad name", 1, 1, new NodeAddress("10.0.0.1", 1), "dc", "", Map.of());
        assertThatThrownBy(() -> codec.encode(List.of(bad), Envelope.plaintext(), cache))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(cache.size()).isZero();
    }
}
