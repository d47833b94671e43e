package dev.distcounter.tool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A bad command line is one ✗ line naming what was probably meant, never the whole usage; exit 2. */
class UsageErrorsTest {

    @Test
    void aMistypedCommandNamesTheCommandProbablyMeant() {
        ToolRunner.Result result = ClusterToolMainRun.run("histroy-check", "a.jsonl");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err())
                .isEqualTo("✗ Unmatched arguments from index 0: 'histroy-check', 'a.jsonl'; did you mean"
                        + " history-check? See 'cluster-tool --help'.\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aMistypedFlagNamesTheFlagProbablyMeant() {
        ToolRunner.Result result = ClusterToolMainRun.run("--node=5", "history-check", "a.jsonl");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err())
                .isEqualTo("✗ Unknown option: '--node=5'; did you mean --nodes? See 'cluster-tool --help'.\n");
    }

    @Test
    void aBadValueSaysWhatIsWrongOnOneLine() {
        ToolRunner.Result result = ClusterToolMainRun.run("--nodes=five", "history-check", "a.jsonl");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err())
                .startsWith("✗ Invalid value for option '--nodes': 'five' is not an int")
                .endsWith(" See 'cluster-tool --help'.\n")
                .hasLineCount(1);
    }
}
