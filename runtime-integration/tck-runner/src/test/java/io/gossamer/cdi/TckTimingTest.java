package io.gossamer.cdi;

import io.gossamer.GossamerConfig;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.Setting;
import io.gossamer.swim.config.Settings;
import io.gossamer.tck.support.TckTiming;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TCK's timing (which cannot see the engine) sets values our settings accept, and its bounds
 * read the very values a deployment then runs with: it assumes no default of ours.
 */
class TckTimingTest {

    @Test
    void theTcksTimingIsWhatTheNodeRuns() {
        for (TckTiming timing : new TckTiming[] {TckTiming.standard(), TckTiming.standard().withSuspicionMult(10)}) {
            Map<String, String> properties = timing.properties();
            GossamerSettings s = GossamerSettings.from(config(properties));
            assertThat(s.profile()).isEqualTo(Profile.LOCAL);
            assertThat(properties.keySet()).contains(GossamerConfig.PROBE_INTERVAL, GossamerConfig.PROBE_TIMEOUT,
                    GossamerConfig.GOSSIP_INTERVAL, GossamerConfig.RETRANSMIT_MULT, GossamerConfig.SUSPICION_MULT,
                    GossamerConfig.SUSPICION_MAX_TIMEOUT_MULT, GossamerConfig.LOCAL_HEALTH_MAX_MULTIPLIER,
                    GossamerConfig.TCP_TIMEOUT, GossamerConfig.LEAVE_TIMEOUT);
            for (String key : properties.keySet()) {
                if (key.equals(GossamerConfig.PROFILE)) {
                    continue;
                }
                if (key.equals(GossamerConfig.LEAVE_TIMEOUT)) {
                    assertThat(timing.duration(key)).isEqualTo(s.leaveTimeout());
                    continue;
                }
                Setting<?> setting = Settings.byKey(key).orElseThrow(() -> new AssertionError("not a setting: " + key));
                Object running = s.tuning().get(setting);
                Object assumed = setting.type() == Duration.class ? timing.duration(key) : timing.count(key);
                assertThat(assumed).as("%s as the TCK's bounds read it", key).isEqualTo(running);
            }
        }
    }

    private static Config config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 500)).build();
    }
}
