package dev.distcounter.tool.simulation;

import dev.distcounter.checker.HistoryRecorder;
import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.console.Terminal;
import dev.distcounter.tool.http.KvOwners;
import dev.distcounter.tool.http.KvReplica;
import dev.distcounter.tool.http.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The keys' end, once the cluster is healed and the counter converged: for each key, a quorum get
 * (recorded like any get; its read repair brings the replicas that answer up to date), then what
 * each replica of the key's preference list ({@code /kv/owners}) holds ({@code /kv/replica}),
 * again with a fresh get every {@link #POLL_MILLIS} until they agree or {@link #SETTLE_MILLIS}
 * have passed. The last replica reads are recorded as the key's final reads, which the checker
 * holds to "replicas converge" and "no invented value". Only the preference list is recorded: a
 * node outside it may keep an old copy, which nothing asks to agree.
 */
final class KeyFinals {
    /** How long the replicas of a key may take to agree after its read repair. */
    static final long SETTLE_MILLIS = 10_000;

    static final long POLL_MILLIS = 500;

    private final ClusterSession session;
    private final KeyWorkload workload;
    private final HistoryRecorder recorder;
    private final Terminal t;

    KeyFinals(ClusterSession session, KeyWorkload workload, SimulationHistory history) {
        this.session = session;
        this.workload = workload;
        this.recorder = history.recorder();
        this.t = session.terminal();
    }

    /** Records every key's final replica reads; false when some key's replicas could not all be read. */
    boolean record(List<Integer> running) throws InterruptedException {
        t.info("Key operations stopped: " + workload.tally().summary());
        if (running.isEmpty()) {
            t.fail("No node runs: the keys' replicas cannot be read");
            return false;
        }
        t.info("Reading every key through a quorum (read repair), then each of its " + KeyWorkload.N
                + " replicas (up to " + SETTLE_MILLIS / 1000 + "s for them to agree) ...");
        boolean complete = true;
        for (String key : workload.keys()) {
            complete &= record(key, running);
        }
        return complete;
    }

    private boolean record(String key, List<Integer> running) throws InterruptedException {
        List<Integer> owners = owners(key, running);
        if (owners.isEmpty()) {
            t.fail(key + ": no node named its replicas");
            return false;
        }
        long deadline = session.time().millis() + SETTLE_MILLIS;
        Map<Integer, KvReplica> held;
        while (true) {
            workload.get(running.get(0), key);
            held = replicas(key, owners);
            if ((held.size() == owners.size() && agree(held)) || session.time().millis() >= deadline) {
                break;
            }
            session.time().sleep(POLL_MILLIS);
        }
        held.forEach((node, replica) -> recorder.keyFinalRead(
                SimulationHistory.id(node),
                key,
                replica.tombstone() ? null : replica.value(),
                replica.tombstone(),
                replica.held() ? replica.version() : null));
        List<String> states = new ArrayList<>();
        held.forEach((node, replica) -> states.add(node + ": " + state(replica)));
        String line = "  " + key + "  " + String.join(", ", states);
        if (held.size() < owners.size()) {
            List<Integer> unread = new ArrayList<>(owners);
            unread.removeAll(held.keySet());
            t.fail(line + "; replica(s) " + Simulation.nodes(unread) + " could not be read");
            return false;
        }
        t.line(line);
        return true;
    }

    /** The key's preference list as the first running node that answers names it, as node numbers. */
    private List<Integer> owners(String key, List<Integer> running) {
        for (int node : running) {
            Reply<KvOwners> reply = session.api().kvOwners(node, key);
            if (reply.ok()) {
                List<Integer> owners = new ArrayList<>();
                for (KvOwners.Replica replica : reply.body().replicas()) {
                    OptionalInt owner = session.layout().nodeAt(replica.node());
                    owner.ifPresent(owners::add);
                }
                return owners;
            }
        }
        return List.of();
    }

    private Map<Integer, KvReplica> replicas(String key, List<Integer> owners) {
        Map<Integer, KvReplica> held = new LinkedHashMap<>();
        for (int node : owners) {
            Reply<KvReplica> reply = session.api().kvReplica(node, key);
            if (reply.ok()) {
                held.put(node, reply.body());
            }
        }
        return held;
    }

    /** As the checker sees it: one state, where holding nothing agrees with a tombstone. */
    static boolean agree(Map<Integer, KvReplica> held) {
        Set<String> states = new LinkedHashSet<>();
        boolean nothing = false;
        boolean tombstone = false;
        for (KvReplica replica : held.values()) {
            if (!replica.held()) {
                nothing = true;
            } else {
                states.add(state(replica));
                tombstone |= replica.tombstone();
            }
        }
        return states.size() <= 1 && (!nothing || states.isEmpty() || tombstone);
    }

    /** "v7 (version 3)", "deleted (version 4)", "nothing". */
    static String state(KvReplica replica) {
        if (!replica.held()) {
            return "nothing";
        }
        return (replica.tombstone() ? "deleted" : replica.value()) + " (version " + replica.version() + ")";
    }
}
