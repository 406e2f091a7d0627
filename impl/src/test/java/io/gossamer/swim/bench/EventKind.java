package io.gossamer.swim.bench;

/** The transitions the scenarios time, common to every membership system worth comparing. */
public enum EventKind {
    /** The subject became known and alive (a join). */
    JOINED,
    /** The subject is suspected of having failed. */
    SUSPECT,
    /** A suspected subject was confirmed alive again (a refutation). */
    ALIVE,
    /** The subject was declared failed. */
    DEAD,
    /** The subject left gracefully. */
    LEFT
}
