package io.gossamer.swim.wire;

/**
 * Signals, inside the codec only, that the bytes being decoded must be dropped. Checked so that
 * every decoding path has to deal with it, and stackless because hostile traffic can raise it at
 * line rate. It never leaves the package: decoders turn it into a {@code Dropped} result.
 */
final class WireFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final DropReason reason;

    WireFormatException(DropReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    DropReason reason() {
        return reason;
    }

    String detail() {
        return getMessage();
    }
}
