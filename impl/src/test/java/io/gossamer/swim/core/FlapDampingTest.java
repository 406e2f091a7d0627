package io.gossamer.swim.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FlapDampingTest {

    private static final long HALF_LIFE = 20_000;

    @Test
    void one_flap_never_damps_and_two_in_quick_succession_do_not_either() {
        FlapDamping d = new FlapDamping(HALF_LIFE);
        assertThat(d.flap("a", 0)).isFalse();
        assertThat(d.flap("a", 1)).as("the second flap decays below the threshold").isFalse();
        assertThat(d.damped("a")).isFalse();
    }

    @Test
    void the_third_flap_within_ten_half_life_twentieths_apart_damps() {
        // [events-damped] promises damping at the third flap when each is within half a half-life
        // (10 probe intervals at 20 per half-life) of the one before
        FlapDamping d = new FlapDamping(HALF_LIFE);
        d.flap("a", 0);
        d.flap("a", HALF_LIFE / 2);
        assertThat(d.flap("a", HALF_LIFE)).isTrue();
        assertThat(d.damped("a")).isTrue();
        assertThat(d.damped("b")).isFalse();
    }

    @Test
    void flaps_far_apart_never_damp() {
        FlapDamping d = new FlapDamping(HALF_LIFE);
        for (int i = 0; i < 100; i++) {
            assertThat(d.flap("a", i * 2 * HALF_LIFE)).isFalse();
        }
    }

    @Test
    void the_penalty_halves_every_half_life_and_is_capped_at_the_ceiling() {
        FlapDamping d = new FlapDamping(HALF_LIFE);
        d.flap("a", 0);
        assertThat(d.penalty("a", HALF_LIFE)).isCloseTo(0.5, within(1e-9));
        assertThat(d.penalty("a", 2 * HALF_LIFE)).isCloseTo(0.25, within(1e-9));
        for (int i = 0; i < 1000; i++) {
            d.flap("b", i);
        }
        assertThat(d.penalty("b", 999)).isEqualTo(FlapDamping.CEILING);
    }

    @Test
    void a_member_damped_at_the_ceiling_is_reusable_two_half_lives_after_its_last_flap() {
        FlapDamping d = new FlapDamping(HALF_LIFE);
        long t = 0;
        for (; t < 600_000; t += 3_000) {
            d.flap("a", t);
        }
        long last = t - 3_000;
        assertThat(d.reusableAt("a")).isEqualTo(last + 2 * HALF_LIFE);
        assertThat(d.release("a", last + 2 * HALF_LIFE - 1)).isFalse();
        assertThat(d.damped("a")).isTrue();
        assertThat(d.release("a", last + 2 * HALF_LIFE)).isTrue();
        assertThat(d.damped("a")).isFalse();
        assertThat(d.release("a", last + 3 * HALF_LIFE)).as("released once").isFalse();
    }

    @Test
    void a_flap_while_damped_pushes_the_release_back() {
        FlapDamping d = new FlapDamping(HALF_LIFE);
        d.flap("a", 0);
        d.flap("a", 0);
        d.flap("a", 0);
        long first = d.reusableAt("a");
        d.flap("a", 10_000);
        assertThat(d.reusableAt("a")).isGreaterThan(first);
        assertThat(d.release("a", first)).isFalse();
    }

    @Test
    void a_flap_recorded_late_adds_its_penalty_as_decayed_since_it_happened() {
        FlapDamping d = new FlapDamping(HALF_LIFE);
        d.flap("a", 2 * HALF_LIFE);
        d.flap("a", HALF_LIFE);
        assertThat(d.penalty("a", 2 * HALF_LIFE)).isCloseTo(1.5, within(1e-9));
        assertThat(d.reusableAt("a")).isEqualTo(2 * HALF_LIFE + HALF_LIFE);
    }

    @Test
    void forgetting_starts_afresh_and_settled_entries_are_swept() {
        FlapDamping d = new FlapDamping(HALF_LIFE);
        d.flap("a", 0);
        d.flap("a", 0);
        d.flap("a", 0);
        d.forget("a");
        assertThat(d.damped("a")).isFalse();
        assertThat(d.penalty("a", 0)).isZero();
        for (int i = 0; i < 1000; i++) {
            d.flap("m" + i, (long) i * HALF_LIFE);
        }
        assertThat(d.tracked()).as("members that flapped once, long ago, are not kept").isLessThan(200);
    }
}
