package io.gossamer.swim;

import io.gossamer.LocalRefutation;
import io.gossamer.Member;
import io.gossamer.MemberAlive;
import io.gossamer.MemberDamped;
import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MemberSuspected;
import io.gossamer.MemberUpdated;
import io.gossamer.MembershipEvent;
import io.gossamer.Pool;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * One log line per change of the view, so that an operator reading a node's log sees what it saw
 * without any observer of their own: joins, suspicions, deaths, departures and updates at INFO,
 * the local member's refutations at WARNING (its answers are not getting through in time). The
 * logger is {@value #LOGGER}: set it to WARNING to keep only the refutations.
 */
final class MembershipLog {

    static final String LOGGER = "io.gossamer.membership";
    private static final System.Logger LOG = System.getLogger(LOGGER);

    private final String prefix;

    MembershipLog(String nodeName, Pool pool) {
        this.prefix = nodeName + " (" + pool.name().toLowerCase(Locale.ROOT) + " pool): ";
    }

    void changed(MembershipEvent event) {
        if (!LOG.isLoggable(Level.INFO)) {
            return;
        }
        LOG.log(Level.INFO, prefix + describe(event));
    }

    void refuted(LocalRefutation r) {
        LOG.log(Level.WARNING, () -> prefix + "refuting " + switch (r.claimed()) {
            case SUSPECT -> "a suspicion of this member";
            case DEAD -> "a declaration that this member is dead";
            case OTHER_DETAILS -> "news of this member with other details";
        } + r.accuser().map(a -> " by " + a).orElse("") + ", now at incarnation " + r.member().incarnation()
                + "; again and again, it means this node's answers do not reach its peers in time");
    }

    static String describe(MembershipEvent event) {
        Member m = event.member();
        String who = "member " + m.name() + " at " + address(m);
        String was = event.previousState().map(s -> " (was " + s + ")").orElse("");
        if (event instanceof MemberJoined) {
            return who + " joined" + was;
        } else if (event instanceof MemberSuspected) {
            return who + " is suspected" + was;
        } else if (event instanceof MemberAlive) {
            return who + " is alive" + was;
        } else if (event instanceof MemberDead) {
            return "marking " + who + " as failed" + was;
        } else if (event instanceof MemberLeft left) {
            String why = left.reason() == MemberLeft.Reason.LEFT ? ""
                    : " (" + left.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
            return who + " left" + why + was;
        } else if (event instanceof MemberDamped) {
            return who + " is damped: its state keeps flipping" + was;
        } else if (event instanceof MemberUpdated updated) {
            return who + " updated: " + changes(updated.previous(), m);
        }
        throw new IllegalArgumentException(event.toString());
    }

    /** What an update changed: the address, and which tags were added, changed or removed. */
    private static String changes(Member before, Member after) {
        StringBuilder s = new StringBuilder();
        if (!address(before).equals(address(after))) {
            s.append("address was ").append(address(before));
        }
        TreeSet<String> keys = new TreeSet<>(before.tags().keySet());
        keys.addAll(after.tags().keySet());
        Map<String, String> a = before.tags();
        Map<String, String> b = after.tags();
        StringBuilder tags = new StringBuilder();
        for (String k : keys) {
            String was = a.get(k);
            String now = b.get(k);
            if (was == null) {
                tags.append(tags.isEmpty() ? "" : ", ").append('+').append(k).append('=').append(now);
            } else if (now == null) {
                tags.append(tags.isEmpty() ? "" : ", ").append('-').append(k);
            } else if (!was.equals(now)) {
                tags.append(tags.isEmpty() ? "" : ", ").append(k).append('=').append(now).append(" (was ")
                        .append(was).append(')');
            }
        }
        if (!tags.isEmpty()) {
            s.append(s.isEmpty() ? "" : "; ").append("tags ").append(tags);
        }
        if (!before.datacenter().equals(after.datacenter()) || !before.role().equals(after.role())) {
            s.append(s.isEmpty() ? "" : "; ").append("datacenter ").append(after.datacenter()).append(", role ")
                    .append(after.role());
        }
        return s.isEmpty() ? "no visible change" : s.toString();
    }

    private static String address(Member m) {
        return m.address() + ":" + m.port();
    }
}
