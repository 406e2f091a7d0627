package io.gossamer.swim.transport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class DropLogTest {

    private static final Logger LOG = Logger.getLogger("io.gossamer.swim.transport");
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        LOG.addHandler(capture);
    }

    @AfterEach
    void stop() {
        LOG.removeHandler(capture);
    }

    /** What we could not send is said to go to its destination, not to come from it. */
    @Test
    void aSendFailureNamesItsDestination() {
        TransportCounters counters = new TransportCounters("n1");
        counters.sendFailed("outgoing packet", new io.gossamer.swim.wire.NodeAddress("10.0.0.9", 7946),
                new java.io.IOException("unreachable"));
        assertThat(lines).singleElement().asString().contains("dropped outgoing packet to 10.0.0.9:7946");
    }

    /** A stranger's text cannot forge or hide log lines: control characters become '?'. */
    @Test
    void controlCharactersInADetailAreReplaced() {
        new DropLog("n1").dropped("REFUSED", "packet", "from 10.0.0.9:1",
                "cluster x\n[n1] forged line\u001b[2K\u0085\u2028end");
        assertThat(lines).singleElement().asString().doesNotContain("\n").doesNotContain("\u001b")
                .doesNotContain("\u0085").doesNotContain("\u2028").contains("cluster x?[n1] forged line?[2K??end");
    }

    /**
     * The count of drops left out says what it covers: everything of that reason since the last
     * line, which may be long past and from other sources, not only the latest interval.
     */
    @Test
    void theCountLeftOutSaysWhatItCovers() {
        assertThat(DropLog.notLogged(1, "UNENCRYPTED"))
                .isEqualTo("1 more UNENCRYPTED drop since the last such line, from any source, not logged");
        assertThat(DropLog.notLogged(2499, "UNENCRYPTED")).startsWith("2499 more UNENCRYPTED drops since");
    }
}
