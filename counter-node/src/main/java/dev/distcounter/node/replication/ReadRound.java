package dev.distcounter.node.replication;

import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The replies of one quorum read, and the repairs they call for. Pure state, no I/O: the
 * coordinator feeds it replies and sends what it returns.
 *
 * <p>Rules:
 * <ul>
 *   <li>The answer is the newest version among the replies (a tombstone, or nothing at all, reads
 *       as not found), given once {@code quorum} replicas have replied and at least
 *       {@code holdersNeeded} replicas (W) are known to hold it durably: by their reply, or by
 *       acknowledging its repair. So whatever a read returns is where every later quorum
 *       looks, and no later read or write can go below it (a value an unfinished write left on
 *       one replica is written back before it is shown).</li>
 *   <li>Every replica that replied with something older than the newest seen so far (or with
 *       nothing) is sent the newest: at the reply, or later when a late reply brings a newer one.
 *       Late replies count too, so every replica that answers before the round ends is repaired,
 *       not only the first {@code quorum}. A replica is sent each version at most once.</li>
 *   <li>Versions are unique per write, so equal versions mean equal values: nothing to repair.</li>
 * </ul>
 */
final class ReadRound {
    /** Send {@code newest} to {@code node}. */
    record Repair(String node, Versioned newest) {}

    private final Set<String> asked;
    private final int quorum;
    private final int holdersNeeded;
    private final Map<String, Version> known = new HashMap<>(); // the newest version each replica is known to hold
    private final Map<String, Versioned> held = new HashMap<>(); // what each replica answered (null: nothing)
    private final Map<String, Version> sent = new HashMap<>(); // the newest version sent to each replica
    private Versioned newest;

    /** {@code holdersNeeded}: W, at most the number of replicas. */
    ReadRound(List<String> replicas, int quorum, int holdersNeeded) {
        if (quorum < 1 || quorum > replicas.size()) {
            throw new IllegalArgumentException("quorum " + quorum + " of " + replicas.size() + " replicas");
        }
        this.asked = new LinkedHashSet<>(replicas);
        this.quorum = quorum;
        this.holdersNeeded = Math.min(holdersNeeded, replicas.size());
    }

    /**
     * Records {@code node}'s reply (null: it holds nothing) and returns the repairs it calls for.
     * A second reply from the same node, or one from a node not asked, is ignored.
     */
    List<Repair> onReply(String node, Versioned reply) {
        if (!asked.contains(node) || held.containsKey(node)) {
            return List.of();
        }
        held.put(node, reply);
        if (reply != null) {
            learned(node, reply.version());
        }
        if (reply != null && reply.supersedes(newest)) {
            newest = reply;
        }
        if (newest == null) {
            return List.of();
        }
        List<Repair> repairs = new ArrayList<>();
        held.forEach((replica, answer) -> {
            boolean stale = answer == null || newest.version().newerThan(answer.version());
            Version already = sent.get(replica);
            if (stale && (already == null || newest.version().newerThan(already))) {
                sent.put(replica, newest.version());
                repairs.add(new Repair(replica, newest));
            }
        });
        return repairs;
    }

    /** {@code node} acknowledged a repair: it durably holds {@code version} or a newer one. */
    void onRepaired(String node, Version version) {
        if (asked.contains(node) && version != null) {
            learned(node, version);
        }
    }

    private void learned(String node, Version version) {
        known.merge(node, version, (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }

    /** Whether {@code quorum} replicas have replied. */
    boolean quorumReached() {
        return held.size() >= quorum;
    }

    /** Whether the answer is settled: a quorum replied and enough replicas hold the newest. */
    boolean answerable() {
        return quorumReached() && (newest == null || holders() >= holdersNeeded);
    }

    /** Replicas known to hold the newest version (or a newer one). */
    int holders() {
        if (newest == null) {
            return 0;
        }
        int n = 0;
        for (Version v : known.values()) {
            if (v.compareTo(newest.version()) >= 0) {
                n++;
            }
        }
        return n;
    }

    /** Whether every replica asked has replied: the round has nothing left to learn. */
    boolean allReplied() {
        return held.size() == asked.size();
    }

    /** The newest held version among the replies so far; null when none holds anything. */
    Versioned newest() {
        return newest;
    }

    int replies() {
        return held.size();
    }

    /** Replicas that have not replied yet, in preference order. */
    List<String> silent() {
        List<String> out = new ArrayList<>();
        for (String node : asked) {
            if (!held.containsKey(node)) {
                out.add(node);
            }
        }
        return out;
    }
}
