package io.gossamer.tck.keys;

import io.gossamer.GossamerConfig;
import io.gossamer.KeyResponse;
import io.gossamer.MemberJoined;
import io.gossamer.Membership;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.Futures;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.TckKeys;
import io.gossamer.tck.support.TckPeer;
import io.gossamer.tck.support.TckTiming;

import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment holds key 1; a peer takes its keys from a key file (a comment, a blank line,
 * key 1, then key 2) and joins.
 */
@ExtendWith(ArquillianExtension.class)
public class KeyFileTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final String K1 = TckKeys.key(1);
    private static final String K2 = TckKeys.key(2);

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("keys-file", Deployments.node("keys-file", TIMING, TckKeys.keys(K1)),
                RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [keys-file] A peer whose key file holds a comment, a blank line, key 1 and key 2 joins the
     * deployment, and holds key 1 as its primary key and key 2 besides.
     */
    @Test
    public void aPeerWithAKeyFileJoins() throws IOException {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        Path file = Files.createTempFile("gossamer-tck-keys", ".txt");
        try (PeerGroup peers = new PeerGroup()) {
            Files.writeString(file, "# the TCK's keys, primary first\n\n" + K1 + "\n" + K2 + "\n");
            TckPeer filed = peers.startAndJoin("filed", membership.localMember().cluster(), TIMING,
                    Map.of(GossamerConfig.ENCRYPT_KEY_FILE, file.toString()),
                    TckPeer.seedOf(membership.localMember()));
            observer.log().awaitEvent(MemberJoined.class, filed.name(), TIMING.dissemination(2));

            KeyResponse listed = Futures.await(membership.keys().list(), TckKeys.operation(TIMING, 1), "list");
            assertTrue(listed.allAcknowledged(), "list: " + listed);
            assertEquals(List.of(TckKeys.fingerprint(K1), TckKeys.fingerprint(K2)),
                    listed.answers().get(filed.name()).keys(), "the keys read from the file: " + listed);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
