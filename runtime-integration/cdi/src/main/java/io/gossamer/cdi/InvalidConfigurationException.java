package io.gossamer.cdi;

import io.gossamer.GossamerConfig;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Gossamer's configuration has one or more bad values. The message lists every problem, one a
 * line, each naming the key, the value and what is allowed. Its first line names the keys at
 * fault too: some servers report only the first line of each exception in a failed deployment's
 * cause chain (Open Liberty's Arquillian adapter rebuilds it from the server's log that way).
 */
public final class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;
    /** How the message begins. */
    public static final String HEADLINE = "Invalid Gossamer configuration (";

    /** Not serialized: the message already carries every problem. */
    private final transient List<String> problems;

    /**
     * @param problems one message per bad value; at least one
     */
    public InvalidConfigurationException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, in the order the keys were checked. */
    public List<String> problems() {
        return problems == null ? List.of() : problems;
    }

    private static String message(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problems");
        }
        StringBuilder sb = new StringBuilder(HEADLINE)
                .append(problems.size()).append(problems.size() == 1 ? " problem)" : " problems)");
        String keys = problems.stream().map(InvalidConfigurationException::key).filter(k -> !k.isEmpty())
                .distinct().collect(Collectors.joining(", "));
        if (!keys.isEmpty()) {
            sb.append(" in ").append(keys);
        }
        sb.append(':');
        if (problems.size() == 1) {
            // On the first line: some runtimes (Open Liberty) keep only that line of a deployment's failure.
            return sb.append(' ').append(problems.get(0)).toString();
        }
        problems.forEach(p -> sb.append("\n  - ").append(p));
        return sb.toString();
    }

    /** The key a problem is about: every problem starts with it ({@code gossamer.x=...}, {@code gossamer.x is ...}). */
    private static String key(String problem) {
        int end = 0;
        while (end < problem.length() && " =:'".indexOf(problem.charAt(end)) < 0) {
            end++;
        }
        String key = problem.substring(0, end);
        return key.startsWith(GossamerConfig.PREFIX) ? key : "";
    }
}
