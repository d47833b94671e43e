package dev.distcounter.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.ParameterException;

class DiscoveryCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return DiscoveryMain.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void invalidCleanupExits2WithTheReasonOnOneLine() {
        int code = run("--cleanup=abc");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("discovery-server: ")
                .contains("--cleanup", "invalid duration \"abc\"")
                .endsWith(" See 'discovery-server --help'.\n")
                .hasLineCount(1)
                .doesNotContain("Usage");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aMistypedFlagNamesTheFlagProbablyMeant() {
        int code = run("--prot=8000");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("discovery-server: Unknown option: '--prot=8000'; did you mean --port?"
                        + " See 'discovery-server --help'.\n");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--port=70000       | port 70000 is outside 0..65535",
                "--port=-1          | port -1 is outside 0..65535",
                "--port=http        | port \"http\" is not a number",
                "--cleanup=0        | must be greater than 0",
                "--cleanup=-5s      | must be greater than 0",
                "--log-level=chatty | expected one of [ERROR, WARN, INFO, DEBUG, TRACE]",
                "--prot=8000        | Unknown option: '--prot=8000'",
                "-cleanup=1x        | invalid duration \"1x\"",
            })
    void badFlagsExit2(String arg, String reason) {
        int code = run(arg);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("discovery-server: ")
                .contains(reason)
                .hasLineCount(1)
                .doesNotContain("Usage");
    }

    @Test
    void helpExits0AndListsTheFlags() {
        int code = run("--help");

        assertThat(code).isEqualTo(0);
        // picocli wraps at 80 columns wherever it likes; compare with whitespace collapsed.
        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help)
                .contains(
                        "Usage: discovery-server",
                        "--port=PORT",
                        "--cleanup=DURATION",
                        "--bind=HOST",
                        "--log-level=LEVEL",
                        "(default: 8000)",
                        "(default: 5s)",
                        "(default: 0.0.0.0)",
                        "POST /heartbeat");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void versionExits0() {
        int code = run("--version");

        assertThat(code).isEqualTo(0);
        assertThat(out.toString()).startsWith("discovery-server ");
    }

    @Test
    void defaultsMatchTheOriginal() {
        assertThat(DiscoveryCommand.parse())
                .isEqualTo(new DiscoveryConfig("0.0.0.0", 8000, Duration.ofSeconds(5), LogLevel.INFO));
    }

    @Test
    void goSingleDashSyntaxIsAccepted() {
        DiscoveryConfig config =
                DiscoveryCommand.parse("-port=0", "-cleanup=500ms", "-bind=127.0.0.1", "-log-level=debug");

        assertThat(config).isEqualTo(new DiscoveryConfig("127.0.0.1", 0, Duration.ofMillis(500), LogLevel.DEBUG));
    }

    @Test
    void separateValuesAndGoDurationsParse() {
        DiscoveryConfig config = DiscoveryCommand.parse("--port", "9100", "--cleanup", "1m30s");

        assertThat(config.port()).isEqualTo(9100);
        assertThat(config.cleanup()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void parseRefusesBadValuesWithoutExiting() {
        assertThatThrownBy(() -> DiscoveryCommand.parse("--port=70000"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("port 70000");
    }
}
