package io.gossamer.cdi;

import io.gossamer.EncryptionKeys;
import io.gossamer.KeyResponse;
import io.gossamer.Pool;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The {@link EncryptionKeys} of one pool: what {@code membership.keys()} gives, in an application
 * ({@link GossamerNode}) and in the agent. Every operation goes to whoever runs the pool, which
 * knows whether it runs and has keys.
 */
public final class PoolKeys implements EncryptionKeys {

    /** Runs one key operation across a pool, as {@link GossamerEngines#keyOperation} does. */
    @FunctionalInterface
    public interface Operator {
        CompletionStage<KeyResponse> keyOperation(Pool pool, KeyResponse.Operation op, String base64Key);
    }

    private final Operator operator;
    private final Pool pool;

    public PoolKeys(Operator operator, Pool pool) {
        this.operator = Objects.requireNonNull(operator, "operator");
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    @Override
    public CompletionStage<KeyResponse> list() {
        return operator.keyOperation(pool, KeyResponse.Operation.LIST, null);
    }

    @Override
    public CompletionStage<KeyResponse> install(String base64Key) {
        return operator.keyOperation(pool, KeyResponse.Operation.INSTALL, base64Key);
    }

    @Override
    public CompletionStage<KeyResponse> use(String base64Key) {
        return operator.keyOperation(pool, KeyResponse.Operation.USE, base64Key);
    }

    @Override
    public CompletionStage<KeyResponse> remove(String base64Key) {
        return operator.keyOperation(pool, KeyResponse.Operation.REMOVE, base64Key);
    }

    @Override
    public String toString() {
        return "EncryptionKeys[" + pool + "]";
    }
}
