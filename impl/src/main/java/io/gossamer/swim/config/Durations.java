package io.gossamer.swim.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration syntax of Gossamer's configuration: a whole number and a unit, {@code 500ms},
 * {@code 1s}, {@code 2m}, {@code 24h}, {@code 7d}. Nothing else is accepted (no fractions, no
 * sign, no ISO-8601, no bare numbers), so that a typo fails the deployment instead of meaning
 * something unexpected. {@link Settings} writes its defaults and ranges in it.
 */
public final class Durations {

    /** What the syntax allows, for error messages. */
    public static final String FORMAT = "a whole number followed by ms, s, m, h or d (e.g. 500ms, 1s, 2m, 24h, 7d)";

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Parses {@code text} (surrounding blanks ignored).
     *
     * @throws IllegalArgumentException if it does not follow {@link #FORMAT}
     */
    public static Duration parse(String text) {
        Matcher m = SYNTAX.matcher(text.strip());
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
