package io.gossamer.swim;

import java.util.Objects;

/**
 * A seed as the user wrote it: {@code host:port}, {@code [v6]:port}, {@code host}, or a bare IPv6
 * literal; a missing port is the pool's default. The host is resolved again at each join attempt.
 */
record Seed(String spec, String host, int port) {

    Seed {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(host, "host");
    }

    static Seed parse(String spec, int defaultPort) {
        String s = spec.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty seed");
        }
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 2) {
                throw new IllegalArgumentException("seed '" + spec + "': unterminated [IPv6] address");
            }
            String host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (rest.isEmpty()) {
                return new Seed(spec, host, defaultPort);
            }
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("seed '" + spec + "': expected ':port' after ']'");
            }
            return new Seed(spec, host, port(spec, rest.substring(1)));
        }
        int colon = s.indexOf(':');
        if (colon < 0) {
            return new Seed(spec, s, defaultPort);
        }
        if (s.indexOf(':', colon + 1) >= 0) {
            // Several colons and no brackets: a bare IPv6 literal, which cannot carry a port.
            return new Seed(spec, s, defaultPort);
        }
        if (colon == 0) {
            throw new IllegalArgumentException("seed '" + spec + "': missing host");
        }
        return new Seed(spec, s.substring(0, colon), port(spec, s.substring(colon + 1)));
    }

    private static int port(String spec, String text) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seed '" + spec + "': port is not a number: '" + text + "'");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("seed '" + spec + "': port must be in [1, 65535]: " + port);
        }
        return port;
    }
}
