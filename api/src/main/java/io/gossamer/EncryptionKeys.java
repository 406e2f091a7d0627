package io.gossamer;

import java.util.concurrent.CompletionStage;

/**
 * The encryption keys of one pool, rotated online across the pool as {@code serf keys} does
 * ({@link Membership#keys()}). Every node holds a keyring: its primary key seals what it sends,
 * every installed key opens what it receives. A rotation is three operations,
 * {@code [keys-rotation]} each applied by every live member of the pool and answered, member by
 * member, in a {@link KeyResponse}:
 * <ol>
 * <li>{@link #install(String)} the new key everywhere (nothing changes on the wire yet);</li>
 * <li>once every member acknowledged, {@link #use(String)} it everywhere: members seal with it,
 *     and still open what is sealed with the old key;</li>
 * <li>once every member acknowledged, {@link #remove(String)} the old key everywhere.</li>
 * </ol>
 * Done in this order no member ever receives a message it cannot open, so nobody is suspected;
 * afterwards a node holding only the old key can no longer join, one holding only the new key can.
 * {@code [keys-unreachable]} A member that did not acknowledge a step (it was unreachable, or
 * refused) is listed by {@link KeyResponse#failed()}, and needs attention before the next step.
 * Members that were not live when an operation ran (down, or not yet joined) miss
 * it: they come back with the keys of their configuration ({@code gossamer.encrypt.keys}), which
 * should therefore follow each step.
 *
 * <p>{@code [keys-time-limit]} Every operation completes (normally, with every member's answer)
 * within {@code ceil(m / 16) × gossamer.tcp-timeout} of being called, {@code m} being the other
 * members asked: they are asked at most 16 at a time, and a member that has not answered within
 * {@code gossamer.tcp-timeout} is answered for as not acknowledged.
 *
 * <p>Keys are base64 strings of 16, 24 or 32 bytes (AES-128, -192, -256), as
 * {@code gossamer.encrypt.keys} takes them; they travel only inside messages sealed with the
 * current primary key, and are never logged; {@code [keys-never-shown]} nor is a key's value ever
 * put in an exception's message, be it an operation's failure or a deployment's.
 * {@code [keys-off]} Every operation fails
 * (throws, or its stage completes exceptionally) with {@link IllegalStateException} when the node
 * has no keys ({@code gossamer.encrypt.keys} and {@code gossamer.encrypt.key-file} unset:
 * encryption is off). {@code [keys-invalid]} Every operation but {@link #list()} fails the same
 * way with {@link IllegalArgumentException} for a key that is not valid base64 of one of those
 * lengths, or an operation the local keyring refuses ({@code use} of a key not installed,
 * {@code remove} of the primary key), in which case no other member is asked.
 */
public interface EncryptionKeys {

    /** {@return the keys every live member holds} */
    CompletionStage<KeyResponse> list();

    /**
     * Installs {@code base64Key} at every live member, as a secondary key.
     *
     * @param base64Key the new key
     * @return each member's answer
     */
    CompletionStage<KeyResponse> install(String base64Key);

    /**
     * Makes the installed {@code base64Key} the primary key of every live member.
     *
     * @param base64Key a key every member holds
     * @return each member's answer
     */
    CompletionStage<KeyResponse> use(String base64Key);

    /**
     * Removes {@code base64Key}, which must not be the primary one, from every live member.
     *
     * @param base64Key the old key
     * @return each member's answer
     */
    CompletionStage<KeyResponse> remove(String base64Key);
}
