package io.gossamer.tck.deployment;

import io.gossamer.ClusterQuery;
import io.gossamer.EventName;
import io.gossamer.tck.support.ClusterQueryLog;
import io.gossamer.tck.support.Deployments;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The deployment's side of queries: records every one it delivers; answers {@value #WHO} at once,
 * {@value #LATER} from another thread a moment later (then again, and once more after the
 * deadline, keeping what those attempts gave), and tries an answer too large for {@value #BIG}.
 */
@ApplicationScoped
public class QueryObservers {

    public static final String WHO = "who";
    public static final String LATER = "later";
    public static final String BIG = "big-answer";
    /** How long after delivery the {@value #LATER} query is answered. */
    public static final Duration LATER_BY = Duration.ofMillis(200);

    private final ClusterQueryLog all = new ClusterQueryLog("deployment's observer of every query");
    private final CompletableFuture<CompletionStage<Void>> laterAnswer = new CompletableFuture<>();
    private final CompletableFuture<CompletionStage<Void>> secondAnswer = new CompletableFuture<>();
    private final CompletableFuture<CompletionStage<Void>> answerAfterDeadline = new CompletableFuture<>();
    private final CompletableFuture<CompletionStage<Void>> bigAnswer = new CompletableFuture<>();

    public QueryObservers() {
        all.answering(false);
    }

    void onEvery(@Observes ClusterQuery query) {
        all.record(Deployments.NODE_NAME, query);
    }

    void onWho(@Observes @EventName(WHO) ClusterQuery query) {
        query.respond(answer(query));
    }

    void onLater(@Observes @EventName(LATER) ClusterQuery query) {
        CompletableFuture.delayedExecutor(LATER_BY.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            laterAnswer.complete(query.respond(answer(query)));
            secondAnswer.complete(query.respond(answer(query)));
        });
        long afterDeadline = Math.max(0, Duration.between(java.time.Instant.now(), query.deadline()).toMillis()) + 500;
        CompletableFuture.delayedExecutor(afterDeadline, TimeUnit.MILLISECONDS)
                .execute(() -> answerAfterDeadline.complete(query.respond(answer(query))));
    }

    void onBig(@Observes @EventName(BIG) ClusterQuery query) {
        bigAnswer.complete(query.respond(new byte[1_100]));
    }

    private static byte[] answer(ClusterQuery query) {
        return ClusterQueryLog.answerTo(Deployments.NODE_NAME, query).getBytes(StandardCharsets.UTF_8);
    }

    public ClusterQueryLog all() {
        return all;
    }

    /** The stage of the first answer to {@value #LATER}, once it was given. */
    public CompletableFuture<CompletionStage<Void>> laterAnswer() {
        return laterAnswer;
    }

    /** The stage of the second answer to {@value #LATER}. */
    public CompletableFuture<CompletionStage<Void>> secondAnswer() {
        return secondAnswer;
    }

    /** The stage of the answer to {@value #LATER} given after its deadline. */
    public CompletableFuture<CompletionStage<Void>> answerAfterDeadline() {
        return answerAfterDeadline;
    }

    /** The stage of the oversized answer to {@value #BIG}. */
    public CompletableFuture<CompletionStage<Void>> bigAnswer() {
        return bigAnswer;
    }
}
