package io.gossamer.swim;

import io.gossamer.Member;
import io.gossamer.MemberDead;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.MemberUpdated;
import io.gossamer.Pool;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MembershipLogTest {

    private static Member member(String address, Map<String, String> tags) {
        return new Member("web-2", address, 7946, "prod", "dc1", "client", tags, 3, MemberState.ALIVE);
    }

    @Test
    void anUpdateSaysWhichTagsWereAddedChangedAndRemoved() {
        Member before = member("10.0.0.2", Map.of("zone", "a", "old", "x", "same", "1"));
        Member after = member("10.0.0.2", Map.of("zone", "b", "new", "y", "same", "1"));
        String line = MembershipLog.describe(new MemberUpdated(after, Optional.of(MemberState.ALIVE), before,
                Pool.LAN, Instant.EPOCH));
        assertThat(line).isEqualTo("member web-2 at 10.0.0.2:7946 updated: tags +new=y, -old, zone=b (was a)");
    }

    @Test
    void anUpdateSaysWhereTheMemberWasBefore() {
        Member before = member("10.0.0.2", Map.of());
        Member after = member("10.0.0.9", Map.of());
        assertThat(MembershipLog.describe(new MemberUpdated(after, Optional.of(MemberState.ALIVE), before, Pool.LAN,
                Instant.EPOCH))).isEqualTo("member web-2 at 10.0.0.9:7946 updated: address was 10.0.0.2:7946");
    }

    @Test
    void aDeathAndADepartureReadAsMemberlistsDo() {
        Member m = member("10.0.0.2", Map.of());
        assertThat(MembershipLog.describe(new MemberDead(m.withState(MemberState.DEAD), Optional.of(MemberState.SUSPECT),
                Pool.LAN, Instant.EPOCH))).isEqualTo("marking member web-2 at 10.0.0.2:7946 as failed (was SUSPECT)");
        assertThat(MembershipLog.describe(new MemberLeft(m.withState(MemberState.LEFT), Optional.of(MemberState.ALIVE),
                Pool.LAN, Instant.EPOCH, MemberLeft.Reason.FOREIGN_DATACENTER)))
                .isEqualTo("member web-2 at 10.0.0.2:7946 left (foreign datacenter) (was ALIVE)");
        assertThat(MembershipLog.describe(new MemberLeft(m.withState(MemberState.LEFT), Optional.of(MemberState.ALIVE),
                Pool.LAN, Instant.EPOCH, MemberLeft.Reason.LEFT)))
                .isEqualTo("member web-2 at 10.0.0.2:7946 left (was ALIVE)");
    }
}
