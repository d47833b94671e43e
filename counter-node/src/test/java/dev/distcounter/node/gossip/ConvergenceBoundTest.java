package dev.distcounter.node.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Guarantees: docs/guarantees.md §4. */
class ConvergenceBoundTest {

    @ParameterizedTest(name = "n={0} k={1} loss={2} eps={3} -> {4} rounds")
    @CsvSource({
        // the original's 5-node layout, default --max-peers 2 (values checked against an
        // independent computation of the same formula)
        "5, 2, 0.0, 0.001, 1",
        "5, 2, 0.0, 0.000001, 2",
        "5, 2, 0.3, 0.001, 3",
        "5, 2, 0.3, 0.000001, 6",
        "5, 1, 0.0, 0.001, 2",
        "5, 3, 0.0, 0.000001, 1",
        "2, 1, 0.0, 0.001, 1",
        "2, 1, 0.5, 0.001, 13",
        "100, 2, 0.0, 0.001, 1",
        "1000, 2, 0.1, 0.000001, 3",
    })
    void rounds(int n, int k, double loss, double eps, int rounds) {
        assertThat(ConvergenceBound.rounds(n, k, loss, eps)).isEqualTo(rounds);
    }

    @ParameterizedTest(name = "n={0} k={1}: a single isolated node always crosses (s=1 -> 0)")
    @CsvSource({"5, 2", "10, 3", "3, 1"})
    void anIsolatedNodeAlwaysPullsFromTheOthers(int n, int k) {
        assertThat(ConvergenceBound.noExchange(n, k, 0, 1)).isZero();
    }

    @Test
    void moreLossOrFewerPeersNeverShortensTheBound() {
        for (int n = 2; n <= 50; n++) {
            int previous = 0;
            for (double loss = 0; loss < 0.9; loss += 0.1) {
                int r = ConvergenceBound.rounds(n, 2, loss, 1e-6);
                assertThat(r).as("n=%d loss=%.1f", n, loss).isGreaterThanOrEqualTo(previous);
                previous = r;
            }
            assertThat(ConvergenceBound.rounds(n, 1, 0.2, 1e-6))
                    .isGreaterThanOrEqualTo(ConvergenceBound.rounds(n, 3, 0.2, 1e-6));
        }
    }

    @Test
    void timeIsRoundsOfTheSlowestSync() {
        assertThat(ConvergenceBound.time(5, 2, 0.3, 0.001, Duration.ofSeconds(5)))
                .isEqualTo(Duration.ofSeconds(15));
        assertThat(ConvergenceBound.rounds(1, 2, 0, 0.01)).isZero();
    }

    @Test
    void impossibleInputsAreRefused() {
        assertThatThrownBy(() -> ConvergenceBound.rounds(5, 2, 1.0, 0.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConvergenceBound.rounds(5, 0, 0, 0.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConvergenceBound.rounds(5, 2, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
