package io.gossamer.bench.peers;

import io.gossamer.swim.bench.EventKind;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the benchmark reads in a Serf agent's log: the member events Serf logs when it handles
 * them (before the agent coalesces them for event handlers), memberlist's own suspicion line, and
 * the counters of the in-memory metrics dump that SIGUSR1 prints.
 */
public final class SerfLog {

    private SerfLog() {
    }

    /** A member event or suspicion: {@code subject} and what happened to it. */
    public record Event(String subject, EventKind kind) {
    }

    /**
     * One counter of a metrics dump: the 10 s interval it belongs to (its start, epoch ms), its
     * name without the {@code serf-agent.} prefix, how many times it was incremented and the sum.
     */
    public record Counter(long intervalStartMillis, String name, long count, double sum) {
    }

    private static final Pattern MEMBER_EVENT =
            Pattern.compile("\\bserf: EventMember(Join|Failed|Leave|Reap|Update): (\\S+)");
    private static final Pattern SUSPECT =
            Pattern.compile("\\bmemberlist: Suspect (\\S+) has failed, no acks received");
    private static final Pattern COUNTER = Pattern.compile(
            "^\\[(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4})[^\\]]*\\]\\[C\\] '(?:serf-agent\\.)?([^']+)': "
                    + "Count: (\\d+).*?Sum: ([0-9.eE+-]+)");
    private static final DateTimeFormatter DUMP_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss Z");

    /**
     * The event in a log line: {@code EventMemberJoin} is a join, {@code EventMemberFailed} a
     * death, {@code EventMemberLeave} a leave, memberlist's "Suspect X has failed" a suspicion
     * (logged only by the member whose probe failed; Serf surfaces no other suspicion).
     */
    public static Optional<Event> event(String line) {
        Matcher m = MEMBER_EVENT.matcher(line);
        if (m.find()) {
            EventKind kind = switch (m.group(1)) {
                case "Join" -> EventKind.JOINED;
                case "Failed" -> EventKind.DEAD;
                case "Leave" -> EventKind.LEFT;
                default -> null;
            };
            return kind == null ? Optional.empty() : Optional.of(new Event(m.group(2), kind));
        }
        m = SUSPECT.matcher(line);
        if (m.find()) {
            return Optional.of(new Event(m.group(1), EventKind.SUSPECT));
        }
        return Optional.empty();
    }

    /** A counter line of the SIGUSR1 metrics dump, e.g. {@code memberlist.udp.sent}. */
    public static Optional<Counter> counter(String line) {
        Matcher m = COUNTER.matcher(line.strip());
        if (!m.find()) {
            return Optional.empty();
        }
        long start = OffsetDateTime.parse(m.group(1), DUMP_TIME).toInstant().toEpochMilli();
        return Optional.of(new Counter(start, m.group(2), Long.parseLong(m.group(3)), Double.parseDouble(m.group(4))));
    }
}
