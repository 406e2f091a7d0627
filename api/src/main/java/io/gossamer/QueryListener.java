package io.gossamer;

/**
 * Hears a query's acknowledgements and answers as they arrive, before its result is complete
 * ({@link Membership#query(String, byte[], QueryOptions, QueryListener)}). Called on a thread of
 * the node, one call at a time, in the order they arrived, never on the thread that runs the
 * protocol; what a method throws is logged and stops nothing.
 */
public interface QueryListener {

    /**
     * A member acknowledged the query.
     *
     * @param member its name
     */
    default void acknowledged(String member) {
    }

    /**
     * A member answered.
     *
     * @param answer the answer
     */
    default void answered(QueryAnswer answer) {
    }
}
