package io.gossamer.swim.sim;

import io.gossamer.swim.core.NodeAddress;
import io.gossamer.swim.wire.Message;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Size-only framing for runs without the codec: a conservative estimate of a compact binary format
 * (type byte, varint numbers, length-prefixed UTF-8 strings, compound header with the label and a
 * 2-byte length per part). Used where encoding every packet would dominate the run time.
 */
final class EstimatedFraming implements Framing {

    static final EstimatedFraming INSTANCE = new EstimatedFraming();

    @Override
    public boolean encodes() {
        return false;
    }

    @Override
    public byte[] encodePacket(String label, List<Message> messages) {
        throw new UnsupportedOperationException("size-only framing");
    }

    @Override
    public List<Message> decodePacket(String expectedLabel, byte[] datagram) {
        throw new UnsupportedOperationException("size-only framing");
    }

    @Override
    public int packetSize(String label, List<Message> messages) {
        // version + label + part count, then per part a 2-byte length
        int size = 1 + str(label) + 1;
        for (Message m : messages) {
            size += 2 + size(m);
        }
        return size;
    }

    @Override
    public boolean encodesStreams() {
        return false;
    }

    @Override
    public byte[] encodeStream(String label, Message message) {
        throw new UnsupportedOperationException("size-only framing");
    }

    @Override
    public Message decodeStream(String expectedLabel, byte[] payload) {
        throw new UnsupportedOperationException("size-only framing");
    }

    @Override
    public int streamSize(String label, Message message) {
        return 1 + str(label) + 4 + size(message);
    }

    static int size(Message m) {
        if (m instanceof Message.Ping p) {
            return 1 + varint(p.seq()) + str(p.target());
        } else if (m instanceof Message.IndirectPing p) {
            return 1 + varint(p.seq()) + str(p.target()) + addr(p.targetAddress()) + 1;
        } else if (m instanceof Message.Ack a) {
            return 1 + varint(a.seq());
        } else if (m instanceof Message.Nack n) {
            return 1 + varint(n.seq());
        } else if (m instanceof Message.Alive a) {
            return 1 + str(a.name()) + varint(a.incarnation()) + addr(a.address()) + str(a.datacenter())
                    + str(a.role()) + tags(a.tags());
        } else if (m instanceof Message.Suspect s) {
            return 1 + str(s.name()) + varint(s.incarnation()) + str(s.from());
        } else if (m instanceof Message.Dead d) {
            return 1 + str(d.name()) + varint(d.incarnation()) + str(d.from());
        } else if (m instanceof Message.PushPull pp) {
            int size = 1 + 1 + varint(pp.members().size());
            for (Message.MemberRecord r : pp.members()) {
                size += str(r.name()) + addr(r.address()) + str(r.datacenter()) + str(r.role())
                        + tags(r.tags()) + varint(r.incarnation()) + 1;
            }
            return size;
        }
        throw new IllegalArgumentException("unknown message " + m);
    }

    private static int addr(NodeAddress a) {
        return 1 + (a.host().indexOf(':') >= 0 ? 16 : 4) + 2;
    }

    private static int tags(Map<String, String> tags) {
        int size = varint(tags.size());
        for (Map.Entry<String, String> e : tags.entrySet()) {
            size += str(e.getKey()) + str(e.getValue());
        }
        return size;
    }

    private static int str(String s) {
        int n = s.length();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                n = s.getBytes(StandardCharsets.UTF_8).length;
                break;
            }
        }
        return varint(n) + n;
    }

    private static int varint(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }
}
