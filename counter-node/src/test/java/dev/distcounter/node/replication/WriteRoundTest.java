package dev.distcounter.node.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.common.http.WriteOutcome;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WriteRoundTest {
    /**
     * Replies from a, b, c in order ('+' acknowledged, '-' failed, '.' silent), the quorum, and
     * what the round says once they are in.
     */
    @ParameterizedTest(name = "{0} with W={1}: succeeded={2} failed={3} outcome={4}")
    @CsvSource({
        "++., 2, true,  false, INDETERMINATE",
        "+.., 2, false, false, INDETERMINATE",
        "+-., 2, false, false, INDETERMINATE",
        "+--, 2, false, true,  INDETERMINATE",
        "--., 2, false, true,  INDETERMINATE",
        "---, 2, false, true,  NOT_APPLIED",
        "---, 1, false, true,  NOT_APPLIED",
        "--+, 1, true,  false, INDETERMINATE",
        "..., 3, false, false, INDETERMINATE",
        "+++, 3, true,  false, INDETERMINATE",
    })
    void table(String replies, int quorum, boolean succeeded, boolean failed, WriteOutcome outcome) {
        List<String> nodes = List.of("a", "b", "c");
        WriteRound round = new WriteRound(nodes, quorum);
        for (int i = 0; i < 3; i++) {
            char reply = replies.charAt(i);
            if (reply != '.') {
                round.onReply(nodes.get(i), reply == '+');
            }
        }
        assertThat(round.succeeded()).isEqualTo(succeeded);
        assertThat(round.failed()).isEqualTo(failed);
        if (!succeeded) {
            assertThat(round.outcomeIfNotSucceeded()).isEqualTo(outcome);
        }
    }
}
