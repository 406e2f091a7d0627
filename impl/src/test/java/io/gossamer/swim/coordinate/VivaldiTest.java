package io.gossamer.swim.coordinate;

import io.gossamer.Coordinate;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The Vivaldi client alone, on round trips drawn from a known geometry. */
class VivaldiTest {

    /**
     * 60 nodes on a plane 100 ms across, each with an access link of 1 to 5 ms: after 200 rounds
     * of one sample each (from a random other node, with 10 % jitter), half of all pairs are
     * estimated within 10 % of the true round trip and nine in ten within 25 %.
     */
    @Test
    void coordinatesLearnAPlaneWithHeights() {
        SplittableRandom random = new SplittableRandom(7);
        int n = 60;
        double[][] where = new double[n][2];
        double[] access = new double[n];
        List<Vivaldi> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            where[i][0] = random.nextDouble() * 0.1;
            where[i][1] = random.nextDouble() * 0.1;
            access[i] = 0.001 + random.nextDouble() * 0.004;
            clients.add(new Vivaldi(VivaldiSettings.SERF, new SplittableRandom(i)));
        }
        for (int round = 0; round < 200; round++) {
            for (int i = 0; i < n; i++) {
                int j = random.nextInt(n - 1);
                j = j >= i ? j + 1 : j;
                double rtt = trueRtt(where, access, i, j) * (1 + 0.1 * random.nextDouble());
                assertThat(clients.get(i).update("node-" + j, clients.get(j).coordinate(), rtt)).isTrue();
            }
        }
        List<Double> errors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double estimated = clients.get(i).coordinate().distanceTo(clients.get(j).coordinate()).toNanos() / 1e9;
                double truth = trueRtt(where, access, i, j);
                errors.add(Math.abs(estimated - truth) / truth);
            }
        }
        Collections.sort(errors);
        assertThat(errors.get(errors.size() / 2)).as("median relative error").isLessThan(0.10);
        assertThat(errors.get(errors.size() * 9 / 10)).as("90th percentile relative error").isLessThan(0.25);
    }

    private static double trueRtt(double[][] where, double[] access, int i, int j) {
        return Math.hypot(where[i][0] - where[j][0], where[i][1] - where[j][1]) + access[i] + access[j];
    }

    /** A coordinate of other dimensions, or a round trip outside 0..10 s, moves nothing. */
    @Test
    void unusableSamplesAreRefused() {
        Vivaldi v = new Vivaldi(VivaldiSettings.SERF, new SplittableRandom(1));
        Coordinate before = v.coordinate();
        assertThat(v.update("x", new Coordinate(List.of(0.1, 0.2), 1.5, 0, 1e-5), 0.01)).isFalse();
        assertThat(v.update("x", before, -0.001)).isFalse();
        assertThat(v.update("x", before, 10.5)).isFalse();
        assertThat(v.coordinate()).isEqualTo(before);
    }

    /** One spike among steady round trips is filtered out by the median of the last three. */
    @Test
    void oneSpikeIsFilteredOut() {
        Vivaldi a = new Vivaldi(VivaldiSettings.SERF, new SplittableRandom(1));
        Vivaldi b = new Vivaldi(VivaldiSettings.SERF, new SplittableRandom(2));
        for (int i = 0; i < 50; i++) {
            a.update("b", b.coordinate(), 0.020);
            b.update("a", a.coordinate(), 0.020);
        }
        double settled = a.coordinate().distanceTo(b.coordinate()).toNanos() / 1e9;
        a.update("b", b.coordinate(), 2.0);
        double afterSpike = a.coordinate().distanceTo(b.coordinate()).toNanos() / 1e9;
        assertThat(settled).isCloseTo(0.020, org.assertj.core.data.Offset.offset(0.002));
        assertThat(afterSpike).isCloseTo(settled, org.assertj.core.data.Offset.offset(0.002));
    }
}
