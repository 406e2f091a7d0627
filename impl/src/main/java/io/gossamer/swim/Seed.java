package io.gossamer.swim;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A seed as the user wrote it: {@code host:port}, {@code [v6]:port}, {@code host}, {@code [v6]}
 * or a bare IPv6 literal; a missing port is the pool's default. The host is resolved again at
 * each join attempt. The one parser of seeds: {@link SwimNode#join(java.util.List)} uses it, and
 * so does whoever checks seeds before (the CDI extension, through {@link #problem(String)}).
 *
 * @param spec the seed as written
 * @param host a host name or an IP literal (without brackets)
 * @param port 1 to 65535
 */
public record Seed(String spec, String host, int port) {

    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9._-]{1,253}");

    public Seed {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(host, "host");
    }

    /**
     * Parses {@code spec} (surrounding blanks ignored).
     *
     * @param defaultPort the port of a seed written without one
     * @throws IllegalArgumentException quoting the seed and saying what is wrong with it
     */
    public static Seed parse(String spec, int defaultPort) {
        try {
            return read(spec, defaultPort);
        } catch (Malformed e) {
            throw new IllegalArgumentException(e.why.equals("empty seed") ? e.why
                    : "seed '" + spec + "': " + e.why);
        }
    }

    /** What is wrong with {@code spec} as a seed, if anything ({@code not a host name or address}). */
    public static Optional<String> problem(String spec) {
        try {
            read(spec, 1);
            return Optional.empty();
        } catch (Malformed e) {
            return Optional.of(e.why);
        }
    }

    private static Seed read(String spec, int defaultPort) {
        String s = spec.strip();
        if (s.isEmpty()) {
            throw new Malformed("empty seed");
        }
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 2) {
                throw new Malformed("unterminated [IPv6] address");
            }
            String host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new Malformed("expected ':port' after ']'");
            }
            if (!IPV6_CHARS.matcher(host).matches()) {
                throw new Malformed("not an IPv6 address between brackets");
            }
            return new Seed(spec, host, rest.isEmpty() ? defaultPort : port(rest.substring(1)));
        }
        int colon = s.indexOf(':');
        if (colon >= 0 && s.indexOf(':', colon + 1) >= 0) {
            // Several colons and no brackets: a bare IPv6 literal, which cannot carry a port.
            if (!IPV6_CHARS.matcher(s).matches()) {
                throw new Malformed("not an IPv6 address");
            }
            return new Seed(spec, s, defaultPort);
        }
        String host = colon < 0 ? s : s.substring(0, colon);
        if (host.isEmpty()) {
            throw new Malformed("missing host");
        }
        if (!HOST_NAME.matcher(host).matches()) {
            throw new Malformed("not a host name or address");
        }
        return new Seed(spec, host, colon < 0 ? defaultPort : port(s.substring(colon + 1)));
    }

    private static int port(String text) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new Malformed("port is not a number: '" + text + "'");
        }
        if (port < 1 || port > 65_535) {
            throw new Malformed("port must be in [1, 65535]: " + port);
        }
        return port;
    }

    /** Why a seed cannot be parsed; turned into the caller's exception or message. */
    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String why;

        Malformed(String why) {
            super(why, null, false, false);
            this.why = why;
        }
    }
}
