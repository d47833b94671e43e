package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's own command lines, run as a newcomer would right after cloning: {@code
 * ./run-cluster.sh start}, the block of curl lines of "Start a cluster" (each with the first line
 * it prints as its comment), the keyspace's {@code ./run-cluster.sh put|get|owners} lines of "The
 * keyspace", then {@code ./run-cluster.sh stop}. The cluster runs on this test's ports, so the
 * README's ports are mapped to them; what is compared is the shape of each line, every number
 * aside ("Counter: -4 (version 6)" and "Counter: -3 (version 7)" match, "Counter: 0 (version 0)"
 * does not, nor does a different list of peers or another message). The keyspace's own demo, on
 * nodes started by hand, is {@link ReadmeKeyspaceIT}'s.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ReadmeCommandsIT extends ScriptedClusterIT {
    private static final Pattern FORMED_LINE = Pattern.compile("\\(\"(✓ Cluster formed[^\"]*)\"\\)");
    private static final Pattern README_PORT = Pattern.compile("localhost:(80[01][0-9]|900[0-4])\\b");

    @Test
    void startTheCurlBlockAndStopPrintWhatTheReadmeShows() throws Exception {
        Readme readme = Readme.read();
        List<Readme.CommentedLine> curlLines = Readme.commentedLines(readme.section("Start a cluster"), "curl ");
        assertThat(curlLines).as("the README's curl block").hasSizeGreaterThanOrEqualTo(5);
        List<Readme.CommentedLine> keyspaceLines =
                Readme.commentedLines(readme.section("The keyspace (GoDist's store)"), "./run-cluster.sh ");
        assertThat(keyspaceLines)
                .as("the README's run-cluster.sh lines of the keyspace")
                .hasSize(3);
        Matcher formed = FORMED_LINE.matcher(readme.text());
        assertThat(formed.find()).as("the README quotes start's last word").isTrue();

        Result start = run(START_TIMEOUT, "start");
        rememberPids();
        assertThat(start.exitCode()).as("start; output:%n%s", start.output()).isZero();
        assertThat(start.output().lines().map(Readme::shape))
                .as("start's output; output:%n%s", start.output())
                .contains(Readme.shape(formed.group(1)));

        for (Readme.CommentedLine line : curlLines) {
            String command = onThisTestsPorts(line.command());
            // What the terminal shows: curl's progress meter goes to stderr only when stdout is not one.
            Result result = shell(SHORT_TIMEOUT, "{ " + command + "; } 2>/dev/null");
            assertThat(result.exitCode())
                    .as("%s; output:%n%s", command, result.output())
                    .isZero();
            String first = result.output().lines().findFirst().orElse("");
            assertThat(Readme.shape(first))
                    .as("the first line of %s: %s (the README shows: %s)", command, first, line.prints())
                    .isEqualTo(Readme.shape(line.prints()));
        }

        for (Readme.CommentedLine line : keyspaceLines) {
            String[] args =
                    line.command().substring("./run-cluster.sh ".length()).split("\\s+");
            Result result = run(SHORT_TIMEOUT, args);
            assertThat(result.exitCode())
                    .as("%s; output:%n%s", line.command(), result.output())
                    .isZero();
            String first = result.output().lines().findFirst().orElse("");
            assertThat(Readme.shape(first))
                    .as("the first line of %s: %s (the README shows: %s)", line.command(), first, line.prints())
                    .isEqualTo(Readme.shape(line.prints()));
        }

        Result stop = run(STOP_TIMEOUT, "stop");
        assertThat(stop.exitCode()).as("stop; output:%n%s", stop.output()).isZero();
        assertThat(pidFiles()).as("PID files after stop").isEmpty();
    }

    /** The README's default ports (discovery 8000, HTTP 8010+i, gossip 9000+i) as this test's. */
    private String onThisTestsPorts(String command) {
        Matcher m = README_PORT.matcher(command);
        StringBuilder mapped = new StringBuilder();
        while (m.find()) {
            int port = Integer.parseInt(m.group(1));
            int ours;
            if (port == 8000) {
                ours = Integer.parseInt(setting("DISCOVERY_PORT"));
            } else if (port >= 9000) {
                ours = Integer.parseInt(setting("BASE_TCP_PORT")) + port - 9000;
            } else {
                ours = Integer.parseInt(setting("BASE_HTTP_PORT")) + port - 8010;
            }
            m.appendReplacement(mapped, "localhost:" + ours);
        }
        m.appendTail(mapped);
        return mapped.toString();
    }
}
