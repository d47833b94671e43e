package dev.distcounter.node.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link WriteTargets#sloppy}'s rules, as a table: walk a b c d e, N=3. */
class WriteTargetsTest {
    private static final List<String> WALK = List.of("a", "b", "c", "d", "e");

    static Stream<Arguments> table() {
        return Stream.of(
                // down, expected nodes, expected stand-ins (stand-in=home)
                Arguments.of("", "a b c", ""),
                Arguments.of("b", "a c d", "d=b"),
                Arguments.of("b c", "a d e", "d=b e=c"),
                Arguments.of("a b c", "d e", "d=a e=b"), // the ring runs out: c has no stand-in
                Arguments.of("b d", "a c e", "e=b"), // a stand-in that is down is skipped
                Arguments.of("b c d e", "a", ""), // nobody left to stand in
                Arguments.of("a e", "b c d", "d=a"));
    }

    @ParameterizedTest(name = "down: [{0}]")
    @MethodSource("table")
    void standInsAreTheNextNodesUpAfterTheHomesOnePerHomeDown(String down, String nodes, String standIns) {
        Set<String> isDown = Set.copyOf(words(down));
        WriteTargets targets = WriteTargets.sloppy(WALK, 3, node -> !isDown.contains(node));

        assertThat(targets.nodes()).containsExactlyElementsOf(words(nodes));
        Map<String, String> expected = new java.util.HashMap<>();
        for (String pair : words(standIns)) {
            expected.put(pair.split("=")[0], pair.split("=")[1]);
        }
        assertThat(targets.standInFor()).isEqualTo(expected);
        assertThat(targets.isSloppy()).isEqualTo(!expected.isEmpty());
        targets.nodes().forEach(node -> assertThat(targets.homeOf(node)).isEqualTo(expected.getOrDefault(node, node)));
    }

    @ParameterizedTest(name = "down: [{0}]")
    @MethodSource("table")
    void aHomeNeverStandsInAndNoNodeIsWrittenTwice(String down, String nodes, String standIns) {
        Set<String> isDown = Set.copyOf(words(down));
        WriteTargets targets = WriteTargets.sloppy(WALK, 3, node -> !isDown.contains(node));
        assertThat(targets.nodes()).doesNotHaveDuplicates().noneMatch(isDown::contains);
        assertThat(targets.standInFor().keySet()).doesNotContainAnyElementsOf(WALK.subList(0, 3));
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : Arrays.asList(text.trim().split(" "));
    }
}
