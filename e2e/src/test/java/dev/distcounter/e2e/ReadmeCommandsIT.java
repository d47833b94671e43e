package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's own command lines, run as a newcomer would right after cloning: {@code
 * ./run-cluster.sh start}, the block of curl lines (each with the first line it prints as its
 * comment), then {@code ./run-cluster.sh stop}. The cluster runs on this test's ports, so the
 * README's ports are mapped to them; what is compared is the shape of each line, every number
 * aside ("Counter: -4 (version 6)" and "Counter: -3 (version 7)" match, "Counter: 0 (version 0)"
 * does not, nor does a different list of peers or another message).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ReadmeCommandsIT extends ScriptedClusterIT {
    private static final Pattern CODE_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern FORMED_LINE = Pattern.compile("\\(\"(✓ Cluster formed[^\"]*)\"\\)");
    private static final Pattern README_PORT = Pattern.compile("localhost:(80[01][0-9]|900[0-4])\\b");

    /** A README curl line: the command and the line its comment says it prints. */
    record CurlLine(String command, String prints) {}

    @Test
    void startTheCurlBlockAndStopPrintWhatTheReadmeShows() throws Exception {
        String readme =
                Files.readString(Path.of(System.getProperty("repo.root")).resolve("README.md"), StandardCharsets.UTF_8);
        List<CurlLine> curlLines = curlLines(readme);
        assertThat(curlLines).as("the README's curl block").hasSizeGreaterThanOrEqualTo(5);
        Matcher formed = FORMED_LINE.matcher(readme);
        assertThat(formed.find()).as("the README quotes start's last word").isTrue();

        Result start = run(START_TIMEOUT, "start");
        rememberPids();
        assertThat(start.exitCode()).as("start; output:%n%s", start.output()).isZero();
        assertThat(start.output().lines().map(ReadmeCommandsIT::shape))
                .as("start's output; output:%n%s", start.output())
                .contains(shape(formed.group(1)));

        for (CurlLine line : curlLines) {
            String command = onThisTestsPorts(line.command());
            // What the terminal shows: curl's progress meter goes to stderr only when stdout is not one.
            Result result = shell(SHORT_TIMEOUT, "{ " + command + "; } 2>/dev/null");
            assertThat(result.exitCode())
                    .as("%s; output:%n%s", command, result.output())
                    .isZero();
            String first = result.output().lines().findFirst().orElse("");
            assertThat(shape(first))
                    .as("the first line of %s: %s (the README shows: %s)", command, first, line.prints())
                    .isEqualTo(shape(line.prints()));
        }

        Result stop = run(STOP_TIMEOUT, "stop");
        assertThat(stop.exitCode()).as("stop; output:%n%s", stop.output()).isZero();
        assertThat(pidFiles()).as("PID files after stop").isEmpty();
    }

    /** Every line of a bash block that starts with "curl", split at its comment. */
    private static List<CurlLine> curlLines(String readme) {
        List<CurlLine> lines = new ArrayList<>();
        Matcher block = CODE_BLOCK.matcher(readme);
        while (block.find()) {
            for (String line : block.group(1).split("\\n")) {
                int comment = line.indexOf("  # ");
                if (line.startsWith("curl ") && comment > 0) {
                    lines.add(new CurlLine(
                            line.substring(0, comment).strip(),
                            line.substring(comment + 4).strip()));
                }
            }
        }
        return lines;
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

    /** A line with every number (and decimal) replaced by N; the sign stays. */
    static String shape(String line) {
        return line.strip().replaceAll("\\d+(\\.\\d+)?", "N");
    }
}
