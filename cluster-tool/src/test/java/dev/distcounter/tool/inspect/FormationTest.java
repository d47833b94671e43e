package dev.distcounter.tool.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.tool.cluster.ClusterLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** When a cluster counts as formed, as a table: running nodes, what each lists, the verdict. */
class FormationTest {
    private static final ClusterLayout LAYOUT = new ClusterLayout(5, 8000, 9000, 8010, Path.of("."), Set.of());

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("one node alone", List.of(1), Map.of(1, peers()), true, "every node lists every other"),
                Arguments.of(
                        "three that list each other",
                        List.of(1, 2, 3),
                        Map.of(1, peers(2, 3), 2, peers(1, 3), 3, peers(1, 2)),
                        true,
                        "every node lists every other"),
                Arguments.of(
                        "a stopped node is not waited for, and listing it does no harm",
                        List.of(1, 2),
                        Map.of(1, peers(2, 4), 2, peers(1)),
                        true,
                        "every node lists every other"),
                Arguments.of(
                        "one side of a one-way view",
                        List.of(1, 2, 3),
                        Map.of(1, peers(2, 3), 2, peers(1, 3), 3, peers(1)),
                        false,
                        "node 3 does not list 2"),
                Arguments.of(
                        "a node that knows nobody yet",
                        List.of(1, 2, 3),
                        Map.of(1, peers(), 2, peers(1, 3), 3, peers(1, 2)),
                        false,
                        "node 1 does not list 2, 3"),
                Arguments.of(
                        "a node that does not answer",
                        List.of(1, 2),
                        Map.of(1, peers(2)),
                        false,
                        "node 2 did not answer /peers"),
                Arguments.of(
                        "strangers in a list do not count",
                        List.of(1, 2),
                        Map.of(1, Optional.of(List.of("localhost:9999", "127.0.0.1:9001")), 2, peers(1)),
                        false,
                        "node 1 does not list 2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void formation(
            String name,
            List<Integer> running,
            Map<Integer, Optional<List<String>>> listed,
            boolean complete,
            String description) {
        Formation formation = Formation.of(LAYOUT, running, listed);

        assertThat(formation.complete()).isEqualTo(complete);
        assertThat(formation.describe()).isEqualTo(description);
    }

    private static Optional<List<String>> peers(int... nodes) {
        return Optional.of(
                java.util.Arrays.stream(nodes).mapToObj(LAYOUT::address).toList());
    }
}
