package dev.distcounter.bench;

import ch.qos.logback.classic.Level;
import dev.distcounter.node.gossip.ConvergenceBound;
import dev.distcounter.node.gossip.GossipConfig;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Growth with cluster size: how many sync rounds and messages one update needs to reach every
 * node of 10, 100, 1,000 simulated nodes, against log2(N). One JVM, the real gossip code, the
 * in-memory transport and a virtual clock (see {@link SimulatedCluster}, {@link OneUpdateSpread}).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.distcounter.bench.ClusterGrowth [--sizes 10,100,1000] [--seeds 5]
 * </pre>
 *
 * Two modes: anti-entropy alone (no push), and the node's defaults (push with fanout 8, passed on
 * by every node that learns the news in a cluster larger than the fanout). Markdown on stdout,
 * progress on stderr.
 */
public final class ClusterGrowth {
    /** Anti-entropy only: rounds are what is measured. */
    static final GossipConfig ANTI_ENTROPY_ONLY = new GossipConfig(Duration.ofSeconds(1), 2, 0, Duration.ofMillis(2));
    /** The node's defaults: --sync 2s --max-peers 2 --push-fanout 8 --push-interval 2ms. */
    static final GossipConfig NODE_DEFAULTS = new GossipConfig(Duration.ofSeconds(2), 2, 8, Duration.ofMillis(2));
    /** Give up on a run after this many rounds (the target for 1,000 nodes is 25). */
    static final int PATIENCE_ROUNDS = 60;

    private ClusterGrowth() {}

    public static void main(String[] args) {
        CommandLineFlags flags = CommandLineFlags.parseOrExit(
                "ClusterGrowth", "[--sizes 10,100,1000] [--seeds 5]", args, "sizes", "seeds");
        RootLogLevel.set(Level.WARN);
        List<Long> sizes = flags.numbers("sizes", "10,100,1000");
        int seeds = flags.integer("seeds", 5);
        long started = System.nanoTime();

        MarkdownTable antiEntropy = new MarkdownTable(
                "N",
                "log2 N",
                "target 2·log2 N + 5",
                "rounds to all: median (max)",
                "within target",
                "messages / node / round: median (PULL + PUSH)",
                "time to all, virtual ms: median (max)",
                "ConvergenceBound R (k=2, ε=1e-6)",
                "real time per run: median (max)");
        MarkdownTable withPush = new MarkdownTable(
                "N",
                "log2 N",
                "anti-entropy rounds before all: median (max)",
                "time to all, virtual ms: median (max)",
                "messages / node: median (max)",
                "of which PUSH: median",
                "runs a push missed a node",
                "real time per run: median (max)");
        long withheld = 0;
        for (long n : sizes) {
            int size = (int) n;
            Outcome a = runSeeds(size, ANTI_ENTROPY_ONLY, seeds, "anti-entropy only");
            Outcome b = runSeeds(size, NODE_DEFAULTS, seeds, "with push");
            withheld = Math.max(withheld, a.withheld);
            double log2 = Math.log(size) / Math.log(2);
            double target = 2 * log2 + 5;
            antiEntropy.row(
                    format(size),
                    fixed(log2, 2),
                    fixed(target, 1),
                    whole(a.rounds.median()) + " (" + whole(a.rounds.max()) + ")",
                    a.converged == seeds && a.rounds.max() <= target ? "yes" : "**no**",
                    fixed(a.framesPerNodePerRound.median(), 2) + " (" + fixed(a.pullsPerNodePerRound.median(), 2)
                            + " + " + fixed(a.pushesPerNodePerRound.median(), 2) + ")",
                    whole(a.millis.median()) + " (" + whole(a.millis.max()) + ")",
                    ConvergenceBound.rounds(size, ANTI_ENTROPY_ONLY.maxPeers(), 0, 1e-6),
                    seconds(a.wall));
            withPush.row(
                    format(size),
                    fixed(log2, 2),
                    whole(b.rounds.median()) + " (" + whole(b.rounds.max()) + ")",
                    whole(b.millis.median()) + " (" + whole(b.millis.max()) + ")",
                    fixed(b.framesPerNode.median(), 2) + " (" + fixed(b.framesPerNode.max(), 2) + ")",
                    fixed(b.pushesPerNode.median(), 2),
                    b.lateRuns + " of " + seeds,
                    seconds(b.wall));
        }

        System.out.println("## One update spreading through N simulated nodes (" + seeds + " seeds each)");
        System.out.println();
        System.out.println("In one JVM: real `ClusterMember`s (gossip, membership table, election) with in-memory"
                + " stores, one `VirtualScheduler`, one `InMemoryNetwork` with " + SimulatedCluster.LATENCY.toMillis()
                + " ms latency. Every node is given every other node as a seed (full membership: gossip picks"
                + " its targets uniformly from the whole cluster, the model behind log2 N and `ConvergenceBound`)."
                + " Membership is out of the way: heartbeat 1 h, suspect after 2 h, election after 5 h; the"
                + " heartbeats every node sends to every peer at start (up to " + format(withheld)
                + " frames per run) are withheld by the bench's transport, which counts PULL and PUSH only."
                + " All nodes start together, so anti-entropy rounds are aligned (synchronous rounds); node 0"
                + " increments once, half a sync interval after the start; time advances in 1 ms steps until"
                + " every node holds the value.");
        System.out.println();
        System.out.println("### (a) Anti-entropy only (`--sync 1s --max-peers 2 --push-fanout 0`)");
        System.out.println();
        System.out.print(antiEntropy);
        System.out.println();
        System.out.println("Rounds: anti-entropy rounds run from the increment until the last node holds the value."
                + " Messages per node per round: PULL and PUSH frames sent by all nodes in that time / N / rounds"
                + " (each node sends 2 PULLs per round; a PUSH answers a PULL from a node that knew less)."
                + " `ConvergenceBound.rounds(N, 2, 0, 1e-6)` bounds the rounds until one exchange crosses a healed"
                + " partition (after which pushes finish the job), not the rounds one node's news needs to reach"
                + " everyone by anti-entropy alone; it is shown for comparison only.");
        System.out.println();
        System.out.println("### (b) With push: the node's defaults (`--sync 2s --max-peers 2 --push-fanout 8"
                + " --push-interval 2ms`)");
        System.out.println();
        System.out.print(withPush);
        System.out.println();
        System.out.println("The increment is pushed to 8 random peers; in a cluster larger than the fanout every node"
                + " that learns it pushes it on to 8 more, once. Rounds: anti-entropy rounds that ran before the last"
                + " node held the value (0: push alone reached everyone). A node no push reached waits for"
                + " anti-entropy (expected about N·e^-8 such nodes per update).");
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "Total real time %.1f s; %d available processors; max heap %d MiB.%n",
                (System.nanoTime() - started) / 1e9,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
    }

    /** The samples of one (N, mode) over the seeds. */
    private static final class Outcome {
        final Samples rounds = new Samples();
        final Samples millis = new Samples();
        final Samples framesPerNodePerRound = new Samples();
        final Samples pullsPerNodePerRound = new Samples();
        final Samples pushesPerNodePerRound = new Samples();
        final Samples framesPerNode = new Samples();
        final Samples pushesPerNode = new Samples();
        final Samples wall = new Samples();
        int converged;
        int lateRuns;
        long withheld;
    }

    private static Outcome runSeeds(int size, GossipConfig gossip, int seeds, String mode) {
        Outcome out = new Outcome();
        for (long seed = 1; seed <= seeds; seed++) {
            OneUpdateSpread.Result r = OneUpdateSpread.measure(size, gossip, seed, PATIENCE_ROUNDS);
            System.err.printf(
                    Locale.ROOT,
                    "[%s] N=%d seed=%d: %s, %d rounds, %d ms virtual, %d PULL + %d PUSH,"
                            + " real %d ms (build %d + spread %d)%n",
                    mode,
                    size,
                    seed,
                    r.converged() ? "converged" : "NOT CONVERGED",
                    r.rounds(),
                    r.millisToAll(),
                    r.pulls(),
                    r.pushes(),
                    r.buildMillis() + r.spreadMillis(),
                    r.buildMillis(),
                    r.spreadMillis());
            if (r.converged()) {
                out.converged++;
            }
            out.rounds.add((double) r.rounds());
            out.millis.add((double) r.millisToAll());
            if (r.rounds() > 0) {
                out.lateRuns++;
                out.framesPerNodePerRound.add((double) r.gossipFrames() / size / r.rounds());
                out.pullsPerNodePerRound.add((double) r.pulls() / size / r.rounds());
                out.pushesPerNodePerRound.add((double) r.pushes() / size / r.rounds());
            }
            out.framesPerNode.add((double) r.gossipFrames() / size);
            out.pushesPerNode.add((double) r.pushes() / size);
            out.wall.add((double) (r.buildMillis() + r.spreadMillis()));
            out.withheld = Math.max(out.withheld, r.withheld());
        }
        if (out.framesPerNodePerRound.isEmpty()) {
            out.framesPerNodePerRound.add(Double.NaN);
            out.pullsPerNodePerRound.add(Double.NaN);
            out.pushesPerNodePerRound.add(Double.NaN);
        }
        return out;
    }

    private static String seconds(Samples wallMillis) {
        return fixed(wallMillis.median() / 1000, 2) + " s (" + fixed(wallMillis.max() / 1000, 2) + " s)";
    }

    private static String fixed(double value, int decimals) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String whole(double value) {
        return value == Math.rint(value) ? format((long) value) : String.format(Locale.ROOT, "%,.1f", value);
    }

    private static String format(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
