package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distcounter.testsupport.LoopbackPorts;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's keyspace demo ("The keyspace (GoDist's store)"), line by line: its three {@code
 * java -jar counter-node/target/counter-node.jar ...} lines start the nodes, its curl lines run
 * through bash and print, first, what their comments show (numbers aside, as in {@link
 * ReadmeCommandsIT}), and its {@code # stop node-2: ...} line SIGKILLs that node (as in three terminals, the three
 * nodes start side by side). The README's
 * ports become this test's: each gossip port (9101) is replaced everywhere, {@code -seed}
 * included, and each node is also given {@code --http-port} and {@code --http-bind=127.0.0.1}
 * for its HTTP port (derived as 8010 + (port - 9000) in the README, 8111), which the curl lines
 * then use. Before the first curl line, a person waits for the nodes to find each other; the test
 * waits until every node's ring holds the other two.
 */
class ReadmeKeyspaceIT extends ClusterIT {
    private static final String SECTION = "The keyspace (GoDist's store)";
    private static final String JAVA_LINE = "java -jar counter-node/target/counter-node.jar ";
    private static final Pattern ADDR = Pattern.compile("--addr[ =](\\S+):(\\d+)");
    private static final Pattern ID = Pattern.compile("-id[ =](\\S+)");
    private static final Pattern STOP = Pattern.compile("^# stop (\\S+):");
    private static final Duration SHELL_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void theDemoPrintsWhatTheReadmeShows() throws Exception {
        List<String> lines = Readme.bashLines(Readme.read().section(SECTION));
        List<String> javaLines =
                lines.stream().filter(l -> l.startsWith(JAVA_LINE)).toList();
        assertThat(javaLines).as("the README's java lines").hasSize(3);

        // The README's ports, gossip and HTTP, to this test's.
        Map<String, String> ports = new LinkedHashMap<>();
        Map<String, int[]> nodePorts = new LinkedHashMap<>();
        for (String line : javaLines) {
            Matcher addr = ADDR.matcher(line);
            Matcher id = ID.matcher(line);
            assertThat(addr.find() && id.find())
                    .as("--addr and -id in: %s", line)
                    .isTrue();
            int readmePort = Integer.parseInt(addr.group(2));
            int[] ours = {LoopbackPorts.next(), LoopbackPorts.next()};
            nodePorts.put(id.group(1), ours);
            ports.put(addr.group(1) + ":" + readmePort, addr.group(1) + ":" + ours[0]);
            ports.put("localhost:" + (8010 + readmePort - 9000), "localhost:" + ours[1]);
        }

        Map<String, NodeProcess> nodes = new LinkedHashMap<>();
        for (String line : javaLines) {
            Matcher id = ID.matcher(line);
            assertThat(id.find()).isTrue();
            int[] ours = nodePorts.get(id.group(1));
            List<String> args = new ArrayList<>(
                    List.of(mapped(line.substring(JAVA_LINE.length()), ports).split("\\s+")));
            args.add("--http-port=" + ours[1]);
            args.add("--http-bind=127.0.0.1");
            nodes.put(id.group(1), cluster.launchNodeWithArguments(id.group(1), ours[0], ours[1], args));
        }
        nodes.values().forEach(cluster::awaitReady);
        KeyspaceClient keys = new KeyspaceClient(cluster.client());
        await("every node's ring holding the other two, alive")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    for (NodeProcess node : nodes.values()) {
                        assertThat(keys.ringPeers(node))
                                .as("%s's ring", node)
                                .hasSize(2)
                                .allMatch(p -> p.endsWith(" alive"));
                    }
                });

        int curls = 0;
        boolean stopped = false;
        for (String line : lines) {
            Matcher stop = STOP.matcher(line);
            if (stop.find()) {
                assertThat(nodes).as("the node the README stops").containsKey(stop.group(1));
                nodes.get(stop.group(1)).sigkill();
                stopped = true;
            } else if (line.startsWith("curl ") && line.contains("  # ")) {
                int comment = line.indexOf("  # ");
                String command = mapped(line.substring(0, comment).strip(), ports);
                String prints = line.substring(comment + 4).strip();
                String first = firstLine(command);
                assertThat(Readme.shape(first))
                        .as("the first line of %s: %s (the README shows: %s)", command, first, prints)
                        .isEqualTo(Readme.shape(prints));
                curls++;
            }
        }
        assertThat(curls).as("curl lines run").isEqualTo(4);
        assertThat(stopped).as("a node was stopped").isTrue();
    }

    private static String mapped(String text, Map<String, String> ports) {
        String out = text;
        for (Map.Entry<String, String> port : ports.entrySet()) {
            out = out.replaceAll(Pattern.quote(port.getKey()) + "\\b", port.getValue());
        }
        return out;
    }

    /** What {@code command} prints first on stdout, run with bash in the work directory (curl's meter aside). */
    private String firstLine(String command) throws Exception {
        Path out = Files.createTempFile(workDir, "curl-", ".out");
        Process process = new ProcessBuilder("bash", "-c", "{ " + command + "; } 2>/dev/null")
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!process.waitFor(SHELL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + SHELL_TIMEOUT);
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s; output:%n%s", command, output).isZero();
        return output.lines().findFirst().orElse("");
    }
}
