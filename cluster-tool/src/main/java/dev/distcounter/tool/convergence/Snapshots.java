package dev.distcounter.tool.convergence;

import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.http.CounterState;
import dev.distcounter.tool.http.Reply;
import java.util.ArrayList;
import java.util.List;

/** Takes snapshots of the nodes that run at that moment, and waits for them to converge. */
public final class Snapshots {
    /** How often a wait reads the nodes again, as the script did. */
    static final long POLL_MILLIS = 200;

    private final ClusterSession session;

    public Snapshots(ClusterSession session) {
        this.session = session;
    }

    /** Reads every node running now. */
    public Snapshot take() {
        return take(session.processes().running().nodeNumbers());
    }

    /** Reads the given nodes, one after the other. */
    public Snapshot take(List<Integer> nodes) {
        List<NodeReading> readings = new ArrayList<>();
        for (int node : nodes) {
            long invoke = session.time().millis();
            Reply<CounterState> reply = session.api().counter(node);
            readings.add(
                    new NodeReading(node, reply.body(), invoke, session.time().millis()));
        }
        return new Snapshot(readings);
    }

    /** A snapshot that met the condition, or the last one when time ran out. */
    public record Wait(Snapshot last, boolean met, long waitedMillis) {}

    /**
     * Reads the running nodes every {@value #POLL_MILLIS} ms until {@code condition} holds or
     * {@code timeoutMillis} have passed since {@code sinceMillis}.
     */
    public Wait until(Condition condition, long sinceMillis, long timeoutMillis) throws InterruptedException {
        while (true) {
            Snapshot snapshot = take();
            long waited = session.time().millis() - sinceMillis;
            if (condition.holds(snapshot)) {
                return new Wait(snapshot, true, waited);
            }
            if (waited >= timeoutMillis) {
                return new Wait(snapshot, false, waited);
            }
            session.time().sleep(POLL_MILLIS);
        }
    }

    /** Waits up to {@code timeoutMillis} from now until every running node agrees. */
    public Wait converged(long timeoutMillis) throws InterruptedException {
        return until(Snapshot::agrees, session.time().millis(), timeoutMillis);
    }

    /** What a wait waits for. */
    @FunctionalInterface
    public interface Condition {
        boolean holds(Snapshot snapshot);
    }
}
