package io.gossamer.swim.core;

import org.junit.jupiter.api.Test;

import java.lang.System.Logger;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class TcpOnlyAcksTest {

    /** Keeps what would have been logged. */
    private static final class Recorder implements Logger {
        final List<String> lines = new ArrayList<>();

        @Override
        public String getName() {
            return "recorder";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(level + " " + msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(level + " " + format);
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            lines.add(level + " " + msgSupplier.get());
        }
    }

    @Test
    void isolatedCasesAreNotLogged() {
        Recorder r = new Recorder();
        TcpOnlyAcks acks = new TcpOnlyAcks(r);
        // Two within any 30 s: a busy host's late acks, not a network that drops UDP.
        for (long t = 0; t < 600_000; t += 20_000) {
            acks.answeredOverTcpOnly(t, "m" + t);
        }
        assertThat(r.lines).isEmpty();
    }

    @Test
    void repeatedCasesAreLoggedAtMostOncePerIntervalWithTheCountLeftOut() {
        Recorder r = new Recorder();
        TcpOnlyAcks acks = new TcpOnlyAcks(r);
        // A probe a second, every one answered over TCP only, for a minute.
        for (long t = 0; t < 60_000; t += 1_000) {
            acks.answeredOverTcpOnly(t, "m" + t);
        }
        assertThat(r.lines).hasSize(6);
        assertThat(r.lines.get(0)).startsWith("WARNING m2000 answered over TCP but not over UDP (3 probes so within 30 s)");
        assertThat(r.lines.get(1)).contains("m12000").contains("(9 more like it in the last 10 s not logged)");
    }
}
