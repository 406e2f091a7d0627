package io.gossamer.swim.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration syntax of Gossamer's configuration: a whole number and a unit, {@code 500ms},
 * {@code 1s}, {@code 2m}, {@code 24h}, {@code 7d}; or ISO-8601, as {@link Duration#parse} reads it
 * ({@code PT5S}, {@code PT0.5S}, {@code P1D}), which MicroProfile Config users also write. Nothing
 * else is accepted (no fractions in the short form, no sign, nothing negative, nothing finer than
 * a millisecond, no bare numbers), so that a typo fails the deployment instead of meaning
 * something unexpected. {@link Settings} writes its defaults and ranges in the short form.
 */
public final class Durations {

    /** What the syntax allows, for error messages. */
    public static final String FORMAT = "a whole number followed by ms, s, m, h or d (e.g. 500ms, 1s, 2m, 24h, 7d),"
            + " or ISO-8601 (e.g. PT5S)";

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Parses {@code text} (surrounding blanks ignored).
     *
     * @throws IllegalArgumentException if it does not follow {@link #FORMAT}
     */
    public static Duration parse(String text) {
        String s = text.strip();
        if (s.length() > 1 && (s.charAt(0) == 'P' || s.charAt(0) == 'p')) {
            return iso(s);
        }
        Matcher m = SYNTAX.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: expected " + FORMAT);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static Duration iso(String s) {
        Duration d;
        try {
            d = Duration.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration: expected " + FORMAT);
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("a negative duration: expected " + FORMAT);
        }
        if (d.toNanosPart() % 1_000_000 != 0) {
            throw new IllegalArgumentException("finer than a millisecond: expected " + FORMAT);
        }
        return d;
    }

    /** The shortest exact rendering in the same syntax: {@code 1500ms}, {@code 2m}, {@code 0s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1_000L == 0) {
            return ms / 1_000L + "s";
        }
        return ms + "ms";
    }
}
