package dev.distcounter.tool.simulation;

import dev.distcounter.checker.History;
import dev.distcounter.checker.HistoryRecorder;
import dev.distcounter.checker.Outcome;
import dev.distcounter.tool.CommandFailure;
import dev.distcounter.tool.cluster.ClusterLayout;
import dev.distcounter.tool.convergence.NodeReading;
import dev.distcounter.tool.convergence.Snapshot;
import dev.distcounter.tool.http.Change;
import dev.distcounter.tool.http.WriteResult;
import dev.distcounter.tool.time.TimeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The simulation's history, recorded with the checker's {@link HistoryRecorder} (times from the
 * simulation's clock, nodes named by their number) and written as JSON Lines to
 * {@code logs/history-<date>-<time>.jsonl}. The file is created before the simulation starts, so
 * an unwritable directory stops it at once, and filled when it ends.
 */
final class SimulationHistory {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final HistoryRecorder recorder = new HistoryRecorder();
    private final Path file;
    private final TimeSource time;

    private SimulationHistory(Path file, TimeSource time) {
        this.file = file;
        this.time = time;
    }

    /** Creates the empty file and declares every node of the layout, with whether it keeps a WAL. */
    static SimulationHistory create(ClusterLayout layout, TimeSource time) {
        Path dir = layout.logDir();
        String stamp = STAMP.format(Instant.ofEpochMilli(time.millis()).atZone(ZoneId.systemDefault()));
        Path file = dir.resolve("history-" + stamp + ".jsonl");
        if (Files.exists(file)) {
            file = dir.resolve(
                    "history-" + stamp + "-" + ProcessHandle.current().pid() + ".jsonl");
        }
        try {
            Files.createDirectories(dir);
            Files.write(file, new byte[0]);
        } catch (IOException e) {
            throw new CommandFailure("Cannot write the history file " + file + " (" + e.getMessage() + ")", e);
        }
        SimulationHistory history = new SimulationHistory(file, time);
        for (int node : layout.allNodes()) {
            history.recorder.node(id(node), layout.address(node), layout.durable(node));
        }
        return history;
    }

    Path file() {
        return file;
    }

    /**
     * The converged state the simulation starts from: every node holds it from the start, and the
     * checker counts it as acknowledged. Its reads are the history's first.
     */
    void baseline(Snapshot converged) {
        recorder.initial(converged.agreed().value(), converged.agreed().version());
        reads(converged);
    }

    /** Every successful read of a snapshot. */
    void reads(Snapshot snapshot) {
        for (NodeReading r : snapshot.readings()) {
            if (r.ok()) {
                recorder.read(
                        id(r.node()),
                        r.invokeMillis(),
                        r.completeMillis(),
                        Outcome.OK,
                        r.state().value(),
                        r.state().version());
            }
        }
    }

    void op(int node, Change change, WriteResult result) {
        recorder.op(
                id(node),
                change.delta(),
                result.invokeMillis(),
                result.completeMillis(),
                Outcome.of(result.outcome()),
                result.hasState() ? result.reply().value() : null,
                result.hasState() ? result.reply().version() : null);
    }

    /** A fault started or ended now. */
    void fault(String what, String detail) {
        recorder.fault(what, detail, time.millis());
    }

    /** A quiet cluster's last snapshot, as every node's final state. */
    void finals(Snapshot snapshot) {
        for (NodeReading r : snapshot.readings()) {
            if (r.ok()) {
                recorder.finalRead(id(r.node()), r.state().value(), r.state().version(), r.completeMillis());
            }
        }
    }

    /** The recorder itself, for the key operations ({@link KeyWorkload}), which it times itself. */
    HistoryRecorder recorder() {
        return recorder;
    }

    History history() {
        return recorder.history();
    }

    /** Replaces the file with everything recorded so far. */
    synchronized void write() throws IOException {
        history().write(file);
    }

    /**
     * Keeps what was recorded if the JVM is stopped before the end (Ctrl-C), as the script's
     * history, written line by line, always did. Returns the hook, to remove once written.
     */
    Thread writeOnExit() {
        Thread hook = new Thread(
                () -> {
                    try {
                        write();
                    } catch (IOException e) {
                        System.err.println("could not write " + file + ": " + e.getMessage());
                    }
                },
                "history-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** "(45 ops: 45 ok, 0 info, 0 fail; 75 reads; 0 faults; 5 finals; starting from 47)". */
    String summary() {
        History h = history();
        return "(" + h.ops().size() + " ops: " + count(h, Outcome.OK) + " ok, " + count(h, Outcome.INFO) + " info, "
                + count(h, Outcome.FAIL) + " fail; " + h.reads().size() + " reads; "
                + h.faults().size()
                + " faults; " + h.finals().size() + " finals; "
                + (h.keyOps().isEmpty()
                        ? ""
                        : h.keyOps().size() + " key ops; " + h.keyFinals().size() + " key finals; ")
                + "starting from " + h.initial().value() + ")";
    }

    private static long count(History h, Outcome outcome) {
        return h.ops().stream().filter(op -> op.outcome() == outcome).count();
    }

    static String id(int node) {
        return Integer.toString(node);
    }
}
