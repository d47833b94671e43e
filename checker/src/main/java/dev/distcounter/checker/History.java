package dev.distcounter.checker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything clients recorded about one run, immutable. Stored as JSON Lines (see
 * {@link HistoryJsonLines} for the format).
 *
 * @param nodes  the nodes by id, from the {@code meta} line; empty when there was none, and a node
 *               missing here counts as not durable
 * @param ops    increments and decrements, in recorded order
 * @param reads  GET /counter requests, in recorded order
 * @param faults injected faults, in recorded order
 * @param finals each node's state once the cluster was quiet
 * @param initial the cluster's state when recording began ({@link InitialState#ZERO} for a fresh cluster)
 * @param keyOps    puts, gets and deletes on the keyspace, in recorded order (keys are taken to
 *                  be absent when recording began: a simulation writes keys of its own)
 * @param keyFinals each replica's state of each key read once the cluster was quiet
 * @param keyspace  the keyspace's quorum settings, from the {@code meta} line; null when not recorded
 *                  (then the real-time rules on keys are not checked)
 */
public record History(
        Map<String, NodeInfo> nodes,
        List<Operation> ops,
        List<Read> reads,
        List<Fault> faults,
        List<FinalRead> finals,
        InitialState initial,
        List<KeyOperation> keyOps,
        List<KeyFinalRead> keyFinals,
        KeyspaceConfig keyspace) {
    /** A history of a cluster that started from zero. */
    public History(
            Map<String, NodeInfo> nodes,
            List<Operation> ops,
            List<Read> reads,
            List<Fault> faults,
            List<FinalRead> finals) {
        this(nodes, ops, reads, faults, finals, InitialState.ZERO);
    }

    /** A history of counter operations only. */
    public History(
            Map<String, NodeInfo> nodes,
            List<Operation> ops,
            List<Read> reads,
            List<Fault> faults,
            List<FinalRead> finals,
            InitialState initial) {
        this(nodes, ops, reads, faults, finals, initial, List.of(), List.of(), null);
    }

    public History {
        java.util.Objects.requireNonNull(initial, "initial");
        keyOps = List.copyOf(keyOps);
        keyFinals = List.copyOf(keyFinals);
        // Keep the node order (the meta line is written back in it) while refusing changes.
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        ops = List.copyOf(ops);
        reads = List.copyOf(reads);
        faults = List.copyOf(faults);
        finals = List.copyOf(finals);
    }

    /** True when the history records counter operations, reads or finals. */
    public boolean hasCounterEntries() {
        return !ops.isEmpty() || !reads.isEmpty() || !finals.isEmpty();
    }

    /** True when the history records keyspace operations or final replica reads. */
    public boolean hasKeyEntries() {
        return !keyOps.isEmpty() || !keyFinals.isEmpty();
    }

    /** True when {@code node} keeps its own acknowledged operations across restarts. */
    public boolean isDurable(String node) {
        NodeInfo info = nodes.get(node);
        return info != null && info.durable();
    }

    /** Reads a JSON Lines history file; a bad line is a {@link HistoryFormatException} naming it. */
    public static History read(Path jsonLines) throws IOException {
        return parse(Files.readAllLines(jsonLines, StandardCharsets.UTF_8));
    }

    /** Parses JSON Lines (blank lines are skipped); a bad line is a {@link HistoryFormatException} naming it. */
    public static History parse(List<String> lines) throws HistoryFormatException {
        return HistoryJsonLines.parse(lines);
    }

    /** Writes {@link #toJsonLines()} to {@code path}, replacing it. */
    public void write(Path path) throws IOException {
        Files.write(path, toJsonLines(), StandardCharsets.UTF_8);
    }

    /**
     * The history as JSON Lines: the meta line (if any nodes are known), then every entry
     * interleaved by time so a person can read it as a timeline. Each kind keeps its own order,
     * so {@code parse(toJsonLines())} equals this history.
     */
    public List<String> toJsonLines() {
        return HistoryJsonLines.format(this);
    }
}
