package dev.distcounter.tool;

import dev.distcounter.tool.cluster.ClusterLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Runs the tool's command line, as run-cluster.sh would, against a {@link FakeCluster} of five
 * nodes (node 3 without a WAL) whose files live in {@code clusterDir}.
 */
public final class ToolRunner {
    public static final String SCRIPT_NAME = "./run-cluster.sh";

    public final ClusterLayout layout;
    public final FakeCluster cluster;
    private final long seed;
    private int sessions;
    /** The script's key file, passed as {@code --cluster-key-file} when set. */
    public Path clusterKeyFile;

    public ToolRunner(Path clusterDir) {
        this(clusterDir, 7);
    }

    /** {@code seed} draws what the operator did not choose (a random node, the quick check's order). */
    public ToolRunner(Path clusterDir, long seed) {
        this.layout = new ClusterLayout(5, 8000, 9000, 8010, clusterDir, Set.of(3));
        this.cluster = new FakeCluster(layout);
        this.seed = seed;
    }

    public record Result(int exit, String out, String err) {
        /** Output lines, for lines matched whole. */
        public List<String> lines() {
            return out.lines().toList();
        }
    }

    /** How many commands opened a session on the cluster (bad arguments must not). */
    public int sessionsOpened() {
        return sessions;
    }

    /** A session on the fake cluster, for tests of the parts below the command line. */
    public ClusterSession session(java.io.PrintStream out) {
        return new ClusterSession(
                layout,
                SCRIPT_NAME,
                new dev.distcounter.tool.console.Terminal(out, out, false),
                cluster,
                cluster,
                cluster,
                new Random(seed));
    }

    public Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(
                "--nodes=5",
                "--discovery-port=8000",
                "--base-tcp-port=9000",
                "--base-http-port=8010",
                "--cluster-dir=" + layout.clusterDir(),
                "--nodes-without-wal=3",
                "--script=/nowhere/run-cluster.sh",
                "--script-name=" + SCRIPT_NAME));
        if (clusterKeyFile != null) {
            all.add("--cluster-key-file=" + clusterKeyFile);
        }
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ClusterToolMain.run(
                all.toArray(String[]::new),
                (layout, script, terminal) -> {
                    sessions++;
                    return new ClusterSession(
                            layout, script.name(), terminal, cluster, cluster, cluster, new Random(seed));
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
