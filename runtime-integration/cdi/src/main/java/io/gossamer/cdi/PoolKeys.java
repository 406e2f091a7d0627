package io.gossamer.cdi;

import io.gossamer.EncryptionKeys;
import io.gossamer.KeyResponse;
import io.gossamer.Pool;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The {@link EncryptionKeys} of one pool of a {@link GossamerNode}: what
 * {@code membership.keys()} gives. Every operation goes to the node, which knows whether that
 * pool runs and has keys.
 */
final class PoolKeys implements EncryptionKeys {

    private final GossamerNode node;
    private final Pool pool;

    PoolKeys(GossamerNode node, Pool pool) {
        this.node = Objects.requireNonNull(node, "node");
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    @Override
    public CompletionStage<KeyResponse> list() {
        return node.keyOperation(pool, KeyResponse.Operation.LIST, null);
    }

    @Override
    public CompletionStage<KeyResponse> install(String base64Key) {
        return node.keyOperation(pool, KeyResponse.Operation.INSTALL, base64Key);
    }

    @Override
    public CompletionStage<KeyResponse> use(String base64Key) {
        return node.keyOperation(pool, KeyResponse.Operation.USE, base64Key);
    }

    @Override
    public CompletionStage<KeyResponse> remove(String base64Key) {
        return node.keyOperation(pool, KeyResponse.Operation.REMOVE, base64Key);
    }

    @Override
    public String toString() {
        return "EncryptionKeys[" + pool + "]";
    }
}
