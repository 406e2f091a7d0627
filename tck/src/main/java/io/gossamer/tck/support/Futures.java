package io.gossamer.tck.support;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waiting on the API's {@link CompletionStage}s within a bound. */
public final class Futures {

    private Futures() {
    }

    /** The stage's value; fails the test if it fails or does not complete within {@code timeout}. */
    public static <T> T await(CompletionStage<T> stage, Duration timeout, String what) {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return fail(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            return fail(what + " did not complete within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted waiting for " + what);
        }
    }

    /**
     * The exception the stage failed with; fails the test if it completes normally or not within
     * {@code timeout}.
     */
    public static Throwable awaitFailure(CompletionStage<?> stage, Duration timeout, String what) {
        try {
            Object v = stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return fail(what + " was expected to fail but completed with " + v);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            return fail(what + " neither failed nor completed within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted waiting for " + what);
        }
    }

    /**
     * The failure of an operation that may either throw or return a stage that fails, as the API
     * allows for argument and state errors; fails the test if it succeeds.
     */
    public static Throwable failureOf(Supplier<? extends CompletionStage<?>> operation, Duration timeout, String what) {
        CompletionStage<?> stage;
        try {
            stage = operation.get();
        } catch (RuntimeException e) {
            return e;
        }
        return awaitFailure(stage, timeout, what);
    }
}
