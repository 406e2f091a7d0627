package io.gossamer.cdi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Moves the completion of an engine's stage (which completes on the event loop) to a thread of
 * ours: whatever the application chains onto what we return must not run where probes and acks
 * are handled.
 */
final class OffLoop {

    private OffLoop() {
    }

    /** {@code stage}, completing on {@code executor} (or, once that is shut down, where it completes). */
    static <T> CompletionStage<T> complete(CompletionStage<T> stage, Executor executor) {
        CompletableFuture<T> result = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            Runnable complete = () -> {
                if (failure == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(failure instanceof CompletionException c
                            && c.getCause() != null ? c.getCause() : failure);
                }
            };
            try {
                executor.execute(complete);
            } catch (RejectedExecutionException e) {
                // Shutting down: completing here is better than never.
                complete.run();
            }
        });
        return result.minimalCompletionStage();
    }
}
