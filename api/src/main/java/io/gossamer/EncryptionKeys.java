package io.gossamer;

import java.util.concurrent.CompletionStage;

/**
 * The encryption keys of one pool, rotated online across the pool as {@code serf keys} does
 * ({@link Membership#keys()}). Every node holds a keyring: its primary key seals what it sends,
 * every installed key opens what it receives. A rotation is three operations, each applied by
 * every live member of the pool and answered, member by member, in a {@link KeyResponse}:
 * <ol>
 * <li>{@link #install(String)} the new key everywhere (nothing changes on the wire yet);</li>
 * <li>once every member acknowledged, {@link #use(String)} it everywhere: members seal with it,
 *     and still open what is sealed with the old key;</li>
 * <li>once every member acknowledged, {@link #remove(String)} the old key everywhere.</li>
 * </ol>
 * Done in this order no member ever receives a message it cannot open, so nobody is suspected.
 * A member that did not acknowledge a step (it was unreachable, or refused) needs attention before
 * the next step. Members that were not live when an operation ran (down, or not yet joined) miss
 * it: they come back with the keys of their configuration ({@code gossamer.encrypt.keys}), which
 * should therefore follow each step.
 *
 * <p>Keys are base64 strings of 16, 24 or 32 bytes (AES-128, -192, -256), as
 * {@code gossamer.encrypt.keys} takes them; they travel only inside messages sealed with the
 * current primary key, and are never logged nor put in exception messages. Every operation fails
 * (its stage completes exceptionally) with {@link IllegalStateException} when the node has no
 * keys ({@code gossamer.encrypt.keys} unset: encryption is off), and with
 * {@link IllegalArgumentException} for a key that is not valid base64 of the right length, or an
 * operation the local keyring refuses ({@code use} of a key not installed, {@code remove} of the
 * primary key), in which case no other member is asked.
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
