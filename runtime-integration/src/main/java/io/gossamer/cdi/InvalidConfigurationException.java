package io.gossamer.cdi;

import java.util.List;

/**
 * Gossamer's configuration has one or more bad values. The message lists every problem, one a
 * line, each naming the key, the value and what is allowed.
 */
public final class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

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
        StringBuilder sb = new StringBuilder("Invalid Gossamer configuration (")
                .append(problems.size()).append(problems.size() == 1 ? " problem):" : " problems):");
        problems.forEach(p -> sb.append("\n  - ").append(p));
        return sb.toString();
    }
}
