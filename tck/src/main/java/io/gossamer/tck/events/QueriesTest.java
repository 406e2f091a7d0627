package io.gossamer.tck.events;

import io.gossamer.GossamerConfig;
import io.gossamer.Membership;
import io.gossamer.QueryAnswer;
import io.gossamer.QueryListener;
import io.gossamer.QueryOptions;
import io.gossamer.QueryResult;
import io.gossamer.tck.deployment.QueryObservers;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.ClusterQueryLog;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.Futures;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.TckPeer;
import io.gossamer.tck.support.TckTiming;

import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment (tag {@code role=web}) and three peers ({@code role=web}, {@code role=api}, no
 * tags) ask each other queries: only the members the filters select deliver, acknowledge and
 * answer, each once; a query lasts its timeout; an answer given later from another thread arrives,
 * a second one and one after the deadline are refused; sizes out of bounds are refused.
 */
@ExtendWith(ArquillianExtension.class)
public class QueriesTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final int MEMBERS = 4;

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("queries", Deployments.node("queries", TIMING, Map.of(GossamerConfig.TAGS_PREFIX + "role",
                "web")), RecordingObserver.class, QueryObservers.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver membershipObserver;

    @Inject
    QueryObservers observers;

    /** Long enough for a query to reach every member and their answers to come back. */
    private static Duration timeout() {
        return TIMING.eventDelivery(MEMBERS);
    }

    /**
     * [queries-ask] [queries-filters] [queries-ack] [queries-timeout] [queries-answer-once] A query
     * for {@code role} matching {@code ^web$}, with acknowledgements and two relays, is delivered,
     * acknowledged and answered by the deployment and the web peer only, each once, and heard by
     * the listener as it arrives; the stage completes at the timeout. A query for two names is
     * answered by those two only.
     */
    @Test
    public void theMembersTheFiltersSelectAcknowledgeAndAnswerOnce() {
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer web = peers.startAndJoin("peer-web", membership.localMember().cluster(), TIMING,
                    Map.of(GossamerConfig.TAGS_PREFIX + "role", "web"), TckPeer.seedOf(membership.localMember()));
            TckPeer api = peers.startAndJoin("peer-api", membership.localMember().cluster(), TIMING,
                    Map.of(GossamerConfig.TAGS_PREFIX + "role", "api"), TckPeer.seedOf(membership.localMember()));
            TckPeer plain = peers.startAndJoin("peer-plain", membership, TIMING);
            peers.awaitMesh(membershipObserver.log(), TIMING.dissemination(MEMBERS));

            List<String> heardAcks = new CopyOnWriteArrayList<>();
            List<QueryAnswer> heardAnswers = new CopyOnWriteArrayList<>();
            QueryListener listener = new QueryListener() {
                @Override
                public void acknowledged(String member) {
                    heardAcks.add(member);
                }

                @Override
                public void answered(QueryAnswer answer) {
                    heardAnswers.add(answer);
                }
            };
            Duration timeout = timeout();
            long start = System.nanoTime();
            QueryResult result = Futures.await(membership.query(QueryObservers.WHO, bytes("q1"),
                    QueryOptions.defaults().withTag("role", "^web$").withAck(true).withRelayFactor(2)
                            .withTimeout(timeout), listener), timeout.plus(TIMING.local()), "the query for role=web");
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(Set.of(Deployments.NODE_NAME, web.name()), Set.copyOf(result.acks()),
                    "acknowledgements: " + result);
            assertEquals(2, result.acks().size(), "each member acknowledges once: " + result);
            assertEquals(Map.of(Deployments.NODE_NAME, Deployments.NODE_NAME + "/q1", web.name(), web.name() + "/q1"),
                    answers(result.answers()), "answers: " + result);
            assertEquals(2, result.answers().size(), "each member answers once: " + result);
            assertTrue(took.compareTo(timeout) >= 0, "the query ended after " + took + ", before its timeout " + timeout);
            assertTrue(took.compareTo(timeout.plus(TIMING.local())) <= 0, "the query ended after " + took
                    + ", long after its timeout " + timeout);
            assertEquals(Set.copyOf(result.acks()), Set.copyOf(heardAcks), "acknowledgements the listener heard");
            assertEquals(answers(result.answers()), answers(heardAnswers), "answers the listener heard");
            for (TckPeer other : List.of(api, plain)) {
                assertTrue(other.queries().named(QueryObservers.WHO).isEmpty(),
                        other.name() + " delivered a query for role=web: " + other.queries());
            }
            assertEquals(1, web.queries().named(QueryObservers.WHO).size(), "deliveries at " + web.name());

            QueryResult named = Futures.await(membership.query(QueryObservers.WHO, bytes("q2"),
                    QueryOptions.defaults().withNodes(api.name(), plain.name()).withTimeout(timeout)),
                    timeout.plus(TIMING.local()), "the query for two names");
            assertEquals(Map.of(api.name(), api.name() + "/q2", plain.name(), plain.name() + "/q2"),
                    answers(named.answers()), "answers to the query for two names: " + named);
            assertTrue(named.acks().isEmpty(), "acknowledgements nobody asked for: " + named);
        }
    }

    /**
     * [queries-answer-once] [queries-size] A peer's query, answered by the deployment 200 ms later
     * from another thread, gets that answer; the deployment's second answer and its answer after
     * the deadline fail with {@link IllegalStateException}, an oversized one with
     * {@link IllegalArgumentException}; a query over 1024 bytes and one without a name are refused.
     */
    @Test
    public void anAnswerGivenLaterArrivesOnceAndLimitsHold() {
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer asker = peers.startAndJoin("peer-asker", membership, TIMING);
            peers.awaitMesh(membershipObserver.log(), TIMING.dissemination(2));
            Duration timeout = timeout();
            QueryResult result = Futures.await(asker.peer().query(QueryObservers.LATER, bytes("l1"),
                    QueryOptions.defaults().withNodes(Deployments.NODE_NAME).withTimeout(timeout)),
                    timeout.plus(TIMING.local()), "the query answered later");
            assertEquals(Map.of(Deployments.NODE_NAME, Deployments.NODE_NAME + "/l1"), answers(result.answers()),
                    "the answer given later: " + result);
            Futures.await(Futures.await(observers.laterAnswer(), TIMING.local(), "the later answer"), TIMING.local(),
                    "the later answer sent");
            Throwable second = Futures.awaitFailure(Futures.await(observers.secondAnswer(), TIMING.local(),
                    "the second answer"), TIMING.local(), "a second answer");
            assertInstanceOf(IllegalStateException.class, second, "a second answer");
            Throwable late = Futures.awaitFailure(Futures.await(observers.answerAfterDeadline(), timeout.plus(TIMING.local()),
                    "the answer after the deadline"), TIMING.local(), "an answer after the deadline");
            assertInstanceOf(IllegalStateException.class, late, "an answer after the deadline");

            Futures.await(asker.peer().query(QueryObservers.BIG, bytes("b"),
                    QueryOptions.defaults().withNodes(Deployments.NODE_NAME).withTimeout(Duration.ofSeconds(1))),
                    TIMING.local().plus(Duration.ofSeconds(1)), "the query for a big answer");
            Throwable big = Futures.awaitFailure(Futures.await(observers.bigAnswer(), TIMING.local(), "the big answer"),
                    TIMING.local(), "an answer of 1,100 bytes");
            assertInstanceOf(IllegalArgumentException.class, big, "an answer of 1,100 bytes");

            for (Object[] bad : new Object[][] {{"huge", new byte[1_100]}, {"", new byte[0]}}) {
                Throwable t = Futures.awaitFailure(membership.query((String) bad[0], (byte[]) bad[1],
                        QueryOptions.defaults()), TIMING.local(), "query('" + bad[0] + "')");
                assertInstanceOf(IllegalArgumentException.class, t, "refusal of query '" + bad[0] + "'");
            }
            assertTrue(observers.all().named("huge").isEmpty(), "a refused query was delivered: " + observers.all());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> answers(List<QueryAnswer> answers) {
        return answers.stream().collect(Collectors.toMap(QueryAnswer::from, QueryAnswer::payloadAsString,
                (a, b) -> a + " AND " + b, TreeMap::new));
    }
}
