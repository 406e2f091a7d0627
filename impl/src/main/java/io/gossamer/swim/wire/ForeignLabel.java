package io.gossamer.swim.wire;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A datagram or stream frame that was well-formed up to its label, but whose label is not ours (and
 * was not let in): a drop counted as {@link DropReason#LABEL_MISMATCH}, with the sender's label
 * kept byte for byte so that a refusal can be written back with it (the sender's decoder compares
 * labels byte for byte).
 *
 * <p>Nothing after the label has been read: the body of a foreign datagram is never decoded.
 *
 * @param label  the sender's label, exactly as received (0..255 bytes, not necessarily UTF-8)
 * @param detail the label made safe for logs (control and format characters replaced, cut to 64
 *               code points)
 */
public record ForeignLabel(byte[] label, String detail) implements PacketCodec.Decoded, StreamCodec.Result {

    public ForeignLabel {
        label = Objects.requireNonNull(label, "label").clone();
        Objects.requireNonNull(detail, "detail");
        if (label.length > WireLimits.MAX_LABEL_BYTES) {
            throw new IllegalArgumentException("label longer than " + WireLimits.MAX_LABEL_BYTES + " bytes");
        }
    }

    /** Of a label given as text (the simulator's size-only framing has no bytes). */
    public static ForeignLabel of(String label) {
        byte[] bytes = Header.labelBytes(label);
        return new ForeignLabel(bytes, Header.sanitizeLabel(bytes, 0, bytes.length));
    }

    /** Always {@link DropReason#LABEL_MISMATCH}: the reason this input is counted under. */
    public DropReason reason() {
        return DropReason.LABEL_MISMATCH;
    }

    /** A copy of the label bytes. */
    @Override
    public byte[] label() {
        return label.clone();
    }

    /** Length of the label in bytes. */
    public int length() {
        return label.length;
    }

    /** The label as text, if it is well-formed UTF-8 (labels written by Gossamer always are). */
    public Optional<String> text() {
        return Optional.ofNullable(Utf8.decode(label, 0, label.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForeignLabel f && Arrays.equals(label, f.label) && detail.equals(f.detail);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(label) + detail.hashCode();
    }

    @Override
    public String toString() {
        return "ForeignLabel[" + detail + "]";
    }
}
