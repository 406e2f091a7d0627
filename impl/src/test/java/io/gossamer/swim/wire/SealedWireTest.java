package io.gossamer.swim.wire;

import io.gossamer.KeyResponse;
import io.gossamer.RefusalReason;
import io.gossamer.swim.security.Aead;
import io.gossamer.swim.security.Keyring;
import io.gossamer.swim.wire.PacketCodec.Decoded;
import io.gossamer.swim.wire.StreamCodec.Result;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sealed wire format, byte by byte, and what each kind of node makes of sealed and plaintext
 * input. The layout is checked against the JDK's own AES-GCM, not against our sealing code.
 */
class SealedWireTest {

    static final byte[] KEY = key(16, 1);
    static final byte[] OTHER_KEY = key(16, 0x40);
    static final String LABEL = "prod/lan/dc1";
    static final HexFormat HEX = HexFormat.of();

    /** 16 bytes 0x01..0x10 (or from {@code first}): a key anyone can recompute. */
    static byte[] key(int size, int first) {
        byte[] k = new byte[size];
        for (int i = 0; i < size; i++) {
            k[i] = (byte) (first + i);
        }
        return k;
    }

    /** Nonces 0xa0, 0xa1, ... so that a sealed datagram is a fixed sequence of bytes. */
    static SecureRandom fixedNonces() {
        return new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) (0xA0 + i);
                }
            }
        };
    }

    static Envelope envelope(boolean verifyIncoming, boolean verifyOutgoing, byte[]... keys) {
        Keyring ring = Keyring.of(keys[0], Arrays.copyOfRange(keys, 1, keys.length));
        return Envelope.sealed(new Aead(ring, new SecureRandom()), verifyIncoming, verifyOutgoing);
    }

    static Envelope strict(byte[]... keys) {
        return envelope(true, true, keys);
    }

    static byte[] bytes(String hex) {
        return HEX.parseHex(hex.replace(" ", ""));
    }

    // ------------------------------------------------------------------ layout

    /** The example of impl/README.md (Sealed datagrams), byte for byte. */
    @Test
    void aSealedAckIsHeaderNonceCiphertextTagWithTheHeaderAsAssociatedData() throws Exception {
        Envelope e = Envelope.sealed(new Aead(Keyring.of(KEY), fixedNonces()), true, true);
        byte[] sealed = new PacketCodec(LABEL, 1400, true).encode(List.of(new Message.Ack(5)), e);

        byte[] header = bytes("47 44 83 0c 70 72 6f 64 2f 6c 61 6e 2f 64 63 31");
        byte[] nonce = bytes("a0 a1 a2 a3 a4 a5 a6 a7 a8 a9 aa ab");
        byte[] payload = bytes("01 00 09 03 00 00 00 00 00 00 00 05");
        assertThat(sealed).hasSize(header.length + nonce.length + payload.length + 16).hasSize(56);
        assertThat(Arrays.copyOfRange(sealed, 0, 16)).isEqualTo(header);
        assertThat(Arrays.copyOfRange(sealed, 16, 28)).isEqualTo(nonce);

        // Opened by the JDK alone: AES-GCM, 128-bit tag, the 16 header bytes as associated data.
        Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
        jdk.init(Cipher.DECRYPT_MODE, new SecretKeySpec(KEY, "AES"), new GCMParameterSpec(128, nonce));
        jdk.updateAAD(header);
        assertThat(jdk.doFinal(sealed, 28, sealed.length - 28)).isEqualTo(payload);

        // Pinned, so that a change of nonce, associated data or layout cannot go unnoticed.
        assertThat(HEX.formatHex(sealed)).isEqualTo(
                "4744830c70726f642f6c616e2f646331" + "a0a1a2a3a4a5a6a7a8a9aaab" + PINNED_ACK_CIPHERTEXT_AND_TAG);
    }

    static final String PINNED_ACK_CIPHERTEXT_AND_TAG = "03039ea566ad0196377bce6c" + "1dd1e1b6e69ba4abf0695fe7c28e3a19";

    @Test
    void aSealedFrameAuthenticatesHeaderAndLength() throws Exception {
        Envelope e = Envelope.sealed(new Aead(Keyring.of(KEY), fixedNonces()), true, true);
        byte[] frame = new StreamCodec(LABEL, 1 << 20).encode(new Message.Ack(5), e);

        byte[] head = bytes("47 53 83 0c 70 72 6f 64 2f 6c 61 6e 2f 64 63 31 00 00 00 25");
        assertThat(frame).hasSize(head.length + 12 + 9 + 16);
        assertThat(Arrays.copyOfRange(frame, 0, head.length)).as("length 0x25 = 37 = 12 + 9 + 16").isEqualTo(head);
        Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
        jdk.init(Cipher.DECRYPT_MODE, new SecretKeySpec(KEY, "AES"),
                new GCMParameterSpec(128, Arrays.copyOfRange(frame, 20, 32)));
        jdk.updateAAD(head);
        assertThat(jdk.doFinal(frame, 32, frame.length - 32)).isEqualTo(bytes("03 00 00 00 00 00 00 00 05"));
    }

    @Test
    void aSealableCodecKeepsTwentyEightBytesFreeSoThatAFullDatagramStillFits() {
        PacketCodec plain = new PacketCodec(LABEL, 1400);
        PacketCodec sealable = new PacketCodec(LABEL, 1400, true);
        assertThat(sealable.capacity()).isEqualTo(plain.capacity() - 28).isEqualTo(1400 - 17 - 28);

        // Fill the capacity exactly: pings whose targets pad the last one to the byte.
        List<Message> full = new java.util.ArrayList<>();
        int used = 0;
        while (sealable.capacity() - used - 12 > 255) {
            Message m = new Message.Ping(used, "n".repeat(200));
            full.add(m);
            used += sealable.framedSize(m);
        }
        int rest = sealable.capacity() - used - sealable.framedSize(new Message.Ping(0, ""));
        full.add(new Message.Ping(-1, "x".repeat(rest)));
        byte[] sealed = sealable.encode(full, strict(KEY));
        assertThat(sealed).hasSize(1400);
        assertThat(sealable.decode(sealed, 0, sealed.length, l -> false, strict(KEY)))
                .isEqualTo(new Decoded.Messages(full));
        // A plaintext codec's capacity has no such room: what fills it fits only unsealed.
        List<Message> more = new java.util.ArrayList<>(full);
        more.add(new Message.Ping(9, ""));
        assertThat(plain.encode(more).length).isLessThanOrEqualTo(1400);
        assertThatThrownBy(() -> plain.encode(more, strict(KEY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sealed");
    }

    // ------------------------------------------------------------------ who accepts what

    @Test
    void eachNodeAcceptsWhatItsVerifySwitchesSay() {
        PacketCodec codec = new PacketCodec(LABEL, 1400, true);
        List<Message> ping = List.of(new Message.Ping(7, "n1"));
        byte[] plaintext = codec.encode(ping);
        byte[] sealed = codec.encode(ping, strict(KEY));
        assertThat(sealed[2]).isEqualTo((byte) 0x83);
        assertThat(plaintext[2]).isEqualTo((byte) 0x03);

        Decoded ok = new Decoded.Messages(ping);
        // No keys: plaintext only.
        assertThat(decode(codec, plaintext, Envelope.plaintext())).isEqualTo(ok);
        assertDropped(decode(codec, sealed, Envelope.plaintext()), DropReason.DECRYPT_FAILED);
        // Keys, verify-incoming off (the first steps of turning encryption on): both.
        assertThat(decode(codec, plaintext, envelope(false, false, KEY))).isEqualTo(ok);
        assertThat(decode(codec, sealed, envelope(false, false, KEY))).isEqualTo(ok);
        assertThat(decode(codec, sealed, envelope(false, true, KEY))).isEqualTo(ok);
        // Keys, verify-incoming on: sealed only.
        assertDropped(decode(codec, plaintext, strict(KEY)), DropReason.UNENCRYPTED);
        assertThat(decode(codec, sealed, strict(KEY))).isEqualTo(ok);
        // verify-outgoing off: plaintext goes out even with keys.
        assertThat(codec.encode(ping, envelope(false, false, KEY))).isEqualTo(plaintext);
        assertThatThrownBy(() -> envelope(true, false, KEY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anyInstalledKeyOpensAndAWrongKeyOrAnotherLabelOpensNothing() {
        PacketCodec codec = new PacketCodec(LABEL, 1400, true);
        List<Message> dead = List.of(new Message.Dead("n2", WireFixtures.GENERATION, 9, "n1"));
        byte[] sealed = codec.encode(dead, strict(KEY));
        assertThat(decode(codec, sealed, strict(OTHER_KEY, KEY))).isEqualTo(new Decoded.Messages(dead));
        assertDropped(decode(codec, sealed, strict(OTHER_KEY)), DropReason.DECRYPT_FAILED);

        // The same bytes moved to another datacenter's pool: the label is authenticated.
        byte[] otherLabel = "prod/lan/dc2".getBytes(StandardCharsets.UTF_8);
        byte[] moved = sealed.clone();
        System.arraycopy(otherLabel, 0, moved, 4, otherLabel.length);
        PacketCodec dc2 = new PacketCodec("prod/lan/dc2", 1400, true);
        assertDropped(decode(dc2, moved, strict(KEY)), DropReason.DECRYPT_FAILED);

        // Clearing the sealed flag does not pass for plaintext at a strict node, nor anywhere else.
        byte[] unflagged = sealed.clone();
        unflagged[2] = 0x03;
        assertDropped(decode(codec, unflagged, strict(KEY)), DropReason.UNENCRYPTED);
        assertThat(decode(codec, unflagged, envelope(false, true, KEY))).isInstanceOf(Decoded.Dropped.class);

        // Every single bit flip, every truncation: dropped, never decoded.
        for (int i = 0; i < sealed.length * 8; i++) {
            byte[] flipped = sealed.clone();
            flipped[i / 8] ^= (byte) (1 << (i % 8));
            assertThat(decode(codec, flipped, strict(KEY))).as("bit %d", i).isNotInstanceOf(Decoded.Messages.class);
        }
        for (int len = 0; len < sealed.length; len++) {
            assertThat(decode(codec, Arrays.copyOf(sealed, len), strict(KEY))).as("cut to %d", len)
                    .isInstanceOf(Decoded.Dropped.class);
        }
    }

    @Test
    void aForeignLabelIsRecognisedBeforeDecryptionAndItsRefusalIsSealed() {
        PacketCodec dc2 = new PacketCodec("prod/lan/dc2", 1400, true);
        PacketCodec dc1 = new PacketCodec(LABEL, 1400, true);
        Envelope shared = strict(KEY);
        byte[] fromDc1 = dc1.encode(List.of(new Message.Ping(1, "n")), shared);
        Decoded d = dc2.decode(fromDc1, 0, fromDc1.length, l -> false, shared);
        assertThat(d).isInstanceOf(ForeignLabel.class);
        ForeignLabel foreign = (ForeignLabel) d;

        Message.Refuse refusal = PacketCodec.fitReply(foreign, new Message.Refuse(RefusalReason.FOREIGN_DATACENTER,
                "n9 (cluster prod, pool lan, datacenter dc2, role client)"), fromDc1.length, true).orElseThrow();
        byte[] reply = PacketCodec.encodeReply(foreign, refusal, shared);
        assertThat(reply.length).isLessThanOrEqualTo(fromDc1.length);
        assertThat(reply[2]).isEqualTo((byte) 0x83);
        // The refused sender holds the key, so it reads why; a sender without it learns nothing.
        assertThat(decode(dc1, reply, shared)).isEqualTo(new Decoded.Messages(List.of(refusal)));
        assertDropped(decode(dc1, reply, strict(OTHER_KEY)), DropReason.DECRYPT_FAILED);
        assertDropped(decode(dc1, reply, Envelope.plaintext()), DropReason.DECRYPT_FAILED);
        // Sealing counts against the amplification budget: a short datagram gets no sealed answer.
        int smallest = 4 + LABEL.length() + 6;
        assertThat(PacketCodec.fitReply(foreign, refusal, smallest, false)).isPresent();
        assertThat(PacketCodec.fitReply(foreign, refusal, smallest, true)).isEmpty();
        assertThat(PacketCodec.fitReply(foreign, refusal, smallest + 28, true)).isPresent();
    }

    // ------------------------------------------------------------------ streams

    @Test
    void streamsFollowTheSameRulesAndKeyOperationsTravelSealedOnly() {
        StreamCodec codec = new StreamCodec(LABEL, 1 << 20);
        Message pushPull = WireFixtures.pushPull(40);
        byte[] sealed = codec.encode(pushPull, strict(KEY));
        byte[] plaintext = codec.encode(pushPull);
        assertThat(frame(codec, sealed, strict(OTHER_KEY, KEY))).isEqualTo(new Result.Frame(pushPull));
        assertThat(frame(codec, plaintext, envelope(false, true, KEY))).isEqualTo(new Result.Frame(pushPull));
        assertFrameDropped(frame(codec, plaintext, strict(KEY)), DropReason.UNENCRYPTED);
        assertFrameDropped(frame(codec, sealed, strict(OTHER_KEY)), DropReason.DECRYPT_FAILED);
        assertFrameDropped(frame(codec, sealed, Envelope.plaintext()), DropReason.DECRYPT_FAILED);

        Message install = new Message.KeyRequest(KeyResponse.Operation.INSTALL, OTHER_KEY);
        // Sealed even where ordinary frames go out in plaintext.
        byte[] request = codec.encode(install, envelope(false, false, KEY));
        assertThat(request[2]).isEqualTo((byte) 0x83);
        assertThat(frame(codec, request, envelope(false, false, KEY))).isEqualTo(new Result.Frame(install));
        assertThatThrownBy(() -> codec.encode(install, Envelope.plaintext()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sealed only");
        // A plaintext key request is refused even by a node that accepts plaintext.
        byte[] forged = RawBytes.streamHeader(LABEL).u32(1 + 1 + 1 + 16).u8(11).u8(2).u8(16).bytes(OTHER_KEY)
                .toByteArray();
        assertFrameDropped(frame(codec, forged, envelope(false, false, KEY)), DropReason.UNENCRYPTED);
        assertFrameDropped(frame(codec, forged, Envelope.plaintext()), DropReason.UNENCRYPTED);
        // Key operations are stream-only.
        byte[] inADatagram = RawBytes.packetHeader(LABEL).u8(1).frame(new RawBytes().u8(11).u8(1).u8(0)).toByteArray();
        assertDropped(new PacketCodec(LABEL, 1400).decode(inADatagram, 0, inADatagram.length), DropReason.UNKNOWN_TYPE);
    }

    @Test
    void aSealedFrameMayBeTwentyEightBytesOverTheLimitAndNoMore() {
        StreamCodec codec = new StreamCodec(LABEL, 1_000);
        byte[] header = RawBytes.streamHeader(LABEL).toByteArray();
        header[2] = (byte) 0x83;
        byte[] atLimit = concat(header, RawBytes.u32Of(1_028));
        byte[] overLimit = concat(header, RawBytes.u32Of(1_029));
        assertThat(codec.newDecoder(l -> false, strict(KEY)).feed(atLimit)).isInstanceOf(Result.NeedMore.class);
        assertFrameDropped(codec.newDecoder(l -> false, strict(KEY)).feed(overLimit), DropReason.TOO_LARGE);
        byte[] tooShort = concat(header, RawBytes.u32Of(28));
        assertFrameDropped(codec.newDecoder(l -> false, strict(KEY)).feed(tooShort), DropReason.BAD_LENGTH);
    }

    @Test
    void keyMessagesRoundTripAndNeverShowTheKey() {
        StreamCodec codec = new StreamCodec(LABEL, 1 << 20);
        byte[] key = key(32, 0x21);
        Message.KeyRequest request = new Message.KeyRequest(KeyResponse.Operation.USE, key);
        Message.KeyReply reply = new Message.KeyReply(false, "key 1a2b3c4d is not installed: install it first",
                List.of(Keyring.fingerprint(KEY), Keyring.fingerprint(OTHER_KEY)));
        for (Message m : List.of(request, reply, new Message.KeyRequest(KeyResponse.Operation.LIST, new byte[0]))) {
            assertThat(frame(codec, codec.encode(m, strict(KEY)), strict(KEY))).isEqualTo(new Result.Frame(m));
        }
        assertThat(request.toString()).contains(Keyring.fingerprint(key)).doesNotContain(HEX.formatHex(key))
                .doesNotContain(Base64.getEncoder().encodeToString(key)).doesNotContain(Arrays.toString(key));
        assertThatThrownBy(() -> new Message.KeyRequest(KeyResponse.Operation.INSTALL, new byte[20]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Message.KeyRequest(KeyResponse.Operation.LIST, KEY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ names on the wire

    @Test
    void namesWithControlFormatOrSpaceCharactersAreRefusedBothWays() {
        PacketCodec codec = new PacketCodec(LABEL, 1400);
        for (String bad : List.of("n1\nINFO forged", "n1\u202Eevil", "n 1", "\u0000", "n\u2028", "n\uFFFD")) {
            assertThatThrownBy(() -> codec.encode(List.of(new Message.Suspect(bad, 0, 1, "n2"))))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+");
            byte[] raw = RawBytes.packetHeader(LABEL).u8(1)
                    .frame(new RawBytes().u8(6).str(bad).varint(WireFixtures.GENERATION).u8(1).str("n2")).toByteArray();
            assertDropped(codec.decode(raw, 0, raw.length), DropReason.INVALID_FIELD);
        }
        // Tag values may hold spaces; tag keys may not.
        assertThat(WireText.textProblem("eu west 1")).isNull();
        assertThat(WireText.identifierProblem("eu west 1")).contains("U+0020");
        assertThat(WireText.identifierProblem("nœud-東京-😀")).isNull();
        assertThatThrownBy(() -> WireLimits.encodedTagsSize(java.util.Map.of("zone", "a\tb")))
                .hasMessageContaining("U+0009");
    }

    // ------------------------------------------------------------------ helpers

    static Decoded decode(PacketCodec codec, byte[] data, Envelope envelope) {
        return codec.decode(data, 0, data.length, l -> false, envelope);
    }

    static Result frame(StreamCodec codec, byte[] data, Envelope envelope) {
        StreamCodec.FrameDecoder d = codec.newDecoder(l -> false, envelope);
        d.feed(data);
        return d.endOfStream();
    }

    static void assertDropped(Decoded d, DropReason reason) {
        assertThat(d).isInstanceOf(Decoded.Dropped.class);
        assertThat(((Decoded.Dropped) d).reason()).as(((Decoded.Dropped) d).detail()).isEqualTo(reason);
    }

    static void assertFrameDropped(Result r, DropReason reason) {
        assertThat(r).isInstanceOf(Result.Dropped.class);
        assertThat(((Result.Dropped) r).reason()).as(((Result.Dropped) r).detail()).isEqualTo(reason);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
