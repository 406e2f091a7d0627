package io.gossamer;

import java.util.List;
import java.util.Objects;

/**
 * What a query gathered by its deadline: who acknowledged it and who answered, each member once,
 * in the order they arrived.
 *
 * @param name        the query's name
 * @param lamportTime this node's Lamport time for it
 * @param acks        the members that acknowledged it (empty unless acknowledgements were requested)
 * @param answers     the answers
 */
public record QueryResult(String name, long lamportTime, List<String> acks, List<QueryAnswer> answers) {

    /**
     * The result as gathered.
     *
     * @param name        the query's name
     * @param lamportTime this node's Lamport time for it
     * @param acks        the members that acknowledged it; copied
     * @param answers     the answers; copied
     * @throws NullPointerException if a component is null
     */
    public QueryResult {
        Objects.requireNonNull(name, "name");
        acks = List.copyOf(acks);
        answers = List.copyOf(answers);
    }
}
