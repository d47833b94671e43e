package dev.distcounter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WarmupTextTest {

    @Test
    void theRuleNamesTheLoadsTheToleranceAndTheLimitsOfEachKindOfWarmUp() {
        ResultLine.Plan plan =
                ResultsFixture.of(1, List.of(16, 64)).results().suite().plan();

        assertThat(WarmupText.rule(plan, false))
                .isEqualTo("a warm-up: loads of 3 s until each of the last 2 was at most 10 % faster than the one"
                        + " before (the JIT compilers done), at most 30 s");
        assertThat(WarmupText.rule(plan, true)).endsWith("(the JIT compilers done), at least 60 s and at most 120 s");
    }

    @Test
    void resultsFromBeforeTheRuleSayTheirOneFixedWarmUp() {
        ResultLine.Plan p =
                ResultsFixture.of(1, List.of(16, 64)).results().suite().plan();
        ResultLine.Plan old = ResultsFixture.planBeforeKeyspace(p);

        assertThat(WarmupText.rule(old, false)).isEqualTo("a 3 s warm-up");
        assertThat(WarmupText.rule(old, true)).isEqualTo("a 3 s warm-up");
    }

    @Test
    void eachRunListsItsWarmUpsWithTheirRatesAndMarksOneStoppedAtItsLimit() {
        SuiteResults results = ResultsFixture.of(2, List.of(16, 64))
                .warmup(1, Server.CEILING, "/counter", 9, true, 23480.0, 33593.0, 34000.0)
                .warmup(1, Server.CLUSTER, "/increment", 120, false, 2748.0, 18419.6)
                .warmup(2, Server.DURABLE, "/increment", 12, true, 9956.0, 20333.0, 21000.0, 21500.0)
                .results();

        assertThat(WarmupText.taken(results))
                .isEqualTo("- Warm-ups of run 1: ceiling /counter 9 s (23,480, 33,593, 34,000 req/s); node of the"
                        + " 5-node layout /increment 120 s (2,748, 18,420 req/s; not steady at the limit)\n"
                        + "- Warm-ups of run 2: node with WAL + fsync /increment 12 s (9,956, 20,333, 21,000, 21,500"
                        + " req/s)\n");
    }

    @Test
    void resultsWithoutWarmUpLinesListNone() {
        assertThat(WarmupText.taken(ResultsFixture.of(1, List.of(16)).results()))
                .isEmpty();
    }
}
