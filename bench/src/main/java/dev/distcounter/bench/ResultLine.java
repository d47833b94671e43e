package dev.distcounter.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Objects;

/**
 * One line of the results file {@code bench/run-bench.sh} writes (JSON Lines): one measurement,
 * or what the report must know about the run. The field {@code kind} says which record a line is.
 * The script only measures and appends; {@link BenchReport} does every computation.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ResultLine.Suite.class, name = "suite"),
    @JsonSubTypes.Type(value = ResultLine.Load.class, name = "load"),
    @JsonSubTypes.Type(value = ResultLine.Rss.class, name = "rss"),
    @JsonSubTypes.Type(value = ResultLine.Warmup.class, name = "warmup"),
    @JsonSubTypes.Type(value = ResultLine.Join.class, name = "join"),
    @JsonSubTypes.Type(value = ResultLine.Watch.class, name = "watch"),
    @JsonSubTypes.Type(value = ResultLine.Convergence.class, name = "convergence"),
    @JsonSubTypes.Type(value = ResultLine.Preload.class, name = "preload"),
    @JsonSubTypes.Type(value = ResultLine.Program.class, name = "program"),
    @JsonSubTypes.Type(value = ResultLine.Note.class, name = "note"),
    @JsonSubTypes.Type(value = ResultLine.End.class, name = "end"),
})
sealed interface ResultLine {

    /** The first line: the command, the machine, the tools and what the suite was set to measure. */
    record Suite(
            String command,
            String repository,
            String commit,
            boolean uncommitted,
            String date,
            String loadAvg,
            String workFs,
            String tmpDir,
            String jdk,
            String javaOpts,
            String mallocArenaMax,
            int httpThreads,
            Machine machine,
            Wrk wrk,
            Jars jars,
            Plan plan)
            implements ResultLine {
        public Suite {
            Objects.requireNonNull(machine, "machine");
            Objects.requireNonNull(wrk, "wrk");
            Objects.requireNonNull(jars, "jars");
            Objects.requireNonNull(plan, "plan");
        }
    }

    /** The machine; 0 and empty for what could not be read. */
    record Machine(int cpus, String cpuModel, long memoryKb, String kernel) {}

    record Wrk(String version, String path, String source) {}

    record Jars(String node, String discovery, String bench) {}

    /**
     * The suite's settings: runs, seconds per load, connections of the one-server loads, ...; for
     * the keyspace (item 9, 0 in results from before it): its nodes, the keys preloaded and loaded
     * at random, the connections of its loads, the bytes of each value. Warm-ups (0 in results from
     * before issue 14, when a warm-up was one load of {@code warmupS}): loads of {@code warmupS}
     * seconds until one is steady ({@link SteadyLoad}), for at most {@code warmupMaxS} seconds; for
     * the 5-node layout at least {@code clusterWarmupMinS} and at most {@code clusterWarmupMaxS}.
     */
    record Plan(
            int runs,
            int durationS,
            int warmupS,
            List<Integer> loads,
            int clusterNodes,
            int clusterConnections,
            int convergenceSamples,
            int convergenceGapMs,
            int watchIntervalMs,
            int kvNodes,
            int kvKeys,
            int kvConnections,
            int kvValueBytes,
            int warmupMaxS,
            int clusterWarmupMinS,
            int clusterWarmupMaxS) {
        public Plan {
            loads = List.copyOf(loads);
        }
    }

    /**
     * One measured wrk load of run {@code run} (from 1) on {@code server}; {@code node} is the
     * node of the 5-node layout (1-5), 0 for the others. {@code output} is wrk's text.
     */
    record Load(
            int run, Server server, int node, String path, int connections, int threads, WrkFigures wrk, String output)
            implements ResultLine {
        public Load {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(wrk, "wrk");
        }
    }

    /**
     * A warm-up of run {@code run} before {@code server}'s loads of {@code path}: the rate of each
     * of its loads (for the 5-node layout, the sum over its nodes), and whether the last one was
     * steady ({@link SteadyLoad}) or the warm-up stopped at its limit.
     */
    record Warmup(int run, Server server, String path, int seconds, List<Double> rates, boolean steady)
            implements ResultLine {
        public Warmup {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(path, "path");
            rates = List.copyOf(rates);
        }
    }

    /** One reading of a process's /proc/PID/status, in KiB: VmRSS and VmHWM (highest so far). */
    record Rss(int run, Server server, int node, Phase phase, long rssKb, long hwmKb) implements ResultLine {
        public Rss {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(phase, "phase");
        }
    }

    /** When a memory sample was taken. */
    enum Phase {
        /** 1 s after the server answered, before any load. */
        @JsonProperty("idle")
        IDLE,
        /** Every 0.1 s during its 64-connection load ({@code /increment} for a node). */
        @JsonProperty("load")
        LOAD,
        /** Right after its last load; for the 5-node layout, after items 4 and 5. */
        @JsonProperty("end")
        END,
        /** 2 s after its last load. */
        @JsonProperty("after")
        AFTER
    }

    /** How long after {@code run-cluster.sh start} every node listed all the others (polled every 100 ms). */
    record Join(int run, long ms, boolean allPeers) implements ResultLine {}

    /** ClusterWatch's exit code and result (null when it wrote none). */
    record Watch(int run, int exitCode, WatchResult result, String log) implements ResultLine {}

    /** ConvergenceLatency's exit code and result (null when it wrote none). */
    record Convergence(int run, int exitCode, ConvergenceResult result, String log) implements ResultLine {}

    /** KvLoad's exit code and result (null when it wrote none): the keyspace's preload (item 9). */
    record Preload(int run, int exitCode, KvLoadResult result, String log) implements ResultLine {}

    /** A program of items 6, 7 and 10: how it ran, its Markdown output and the end of its error output. */
    record Program(
            String className, String args, int exitCode, long seconds, String output, String errorTail, String errorLog)
            implements ResultLine {
        public Program {
            Objects.requireNonNull(className, "className");
        }
    }

    /** Something only the script could see (a log with errors, a failed stop); a problem keeps the logs. */
    record Note(String text, boolean problem) implements ResultLine {}

    /** The last line: the load average at the end and how long the suite took. */
    record End(String loadAvg, long tookSeconds) implements ResultLine {}
}
