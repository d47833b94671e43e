package dev.distcounter.tool.simulation;

import dev.distcounter.checker.HistoryRecorder;
import dev.distcounter.checker.PendingKeyOperation;
import dev.distcounter.common.http.WriteOutcome;
import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.console.Terminal;
import dev.distcounter.tool.http.KvValue;
import dev.distcounter.tool.http.KvWriteResult;
import dev.distcounter.tool.http.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The simulation's keys ({@code --workload kv} or {@code both}): every cycle, random puts, gets and
 * deletes of a few keys of the run's own ({@code sim-<seed>-k0} to {@code k7}, so no earlier run's
 * writes are in their history) through random running nodes, each recorded for the history
 * checker with what its reply says. Values are unique within the run ({@code v1}, {@code v2},
 * ...), so a value read names the put that wrote it. The history declares the quorums the
 * script's nodes run with (N=3, R=2, W=2, strict), under which the checker also holds the keys to
 * "a later write wins" and "no stale read". The end ({@link KeyFinals}) records every replica's
 * final state.
 */
final class KeyWorkload {
    /** Keys per run: few enough that writes to one key overlap and race. */
    static final int KEYS = 8;
    /** The script's keyspace settings (the nodes' defaults). */
    static final int N = 3;

    static final int R = 2;
    static final int W = 2;

    private final ClusterSession session;
    private final HistoryRecorder recorder;
    private final Random random;
    private final List<String> keys;
    private final Terminal t;
    private final KeyTally tally = new KeyTally();
    private long written;

    /** {@code random}: this workload's own generator, so the counter's schedule for a seed stays as it was. */
    KeyWorkload(ClusterSession session, SimulationHistory history, Random random, long seed) {
        this.session = session;
        this.recorder = history.recorder();
        this.random = random;
        this.t = session.terminal();
        List<String> names = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            names.add("sim-" + seed + "-k" + k);
        }
        this.keys = List.copyOf(names);
        recorder.keyspace(N, R, W, false);
    }

    List<String> keys() {
        return keys;
    }

    KeyTally tally() {
        return tally;
    }

    /** {@code count} requests, each a put (half), a get (three in ten) or a delete, on random running nodes. */
    void cycle(List<Integer> running, int count) {
        for (int k = 0; k < count && !running.isEmpty(); k++) {
            int node = running.get(random.nextInt(running.size()));
            String key = keys.get(random.nextInt(keys.size()));
            int draw = random.nextInt(10);
            if (draw < 5) {
                put(node, key, "v" + ++written);
            } else if (draw < 8) {
                get(node, key);
            } else {
                delete(node, key);
            }
        }
    }

    private void put(int node, String key, String value) {
        PendingKeyOperation op = recorder.put(SimulationHistory.id(node), key, value);
        KvWriteResult result = session.api().kvPut(node, key, value);
        completed(op, result, "put " + key + "=" + value + " on node " + node);
    }

    private void delete(int node, String key) {
        PendingKeyOperation op = recorder.delete(SimulationHistory.id(node), key);
        KvWriteResult result = session.api().kvDelete(node, key);
        completed(op, result, "delete " + key + " on node " + node);
    }

    private void completed(PendingKeyOperation op, KvWriteResult result, String what) {
        boolean applied = result.outcome() == WriteOutcome.APPLIED;
        Long version = applied && result.reply() != null ? result.reply().version() : null;
        op.completeWrite(result.outcome(), version);
        tally.write(result.outcome());
        if (!applied) {
            String answer = "HTTP " + String.format("%03d", result.status())
                    + (result.problem().isEmpty() ? "" : " (" + result.problem() + ")");
            t.warn(what + ": " + answer + ", "
                    + (result.outcome() == WriteOutcome.INDETERMINATE ? "outcome unknown" : "not applied"));
        }
    }

    /** A quorum get, recorded; also the end's read repair. Returns the reply. */
    Reply<KvValue> get(int node, String key) {
        PendingKeyOperation op = recorder.get(SimulationHistory.id(node), key);
        Reply<KvValue> reply = session.api().kvGet(node, key);
        if (!reply.ok()) {
            op.fail();
            tally.read(false);
            t.warn("get " + key + " on node " + node + ": " + reply.describe());
            return reply;
        }
        KvValue value = reply.body();
        if (value.found() && value.value() != null && value.version() != null) {
            op.found(value.value(), value.version());
        } else {
            op.notFound();
        }
        tally.read(true);
        return reply;
    }
}
