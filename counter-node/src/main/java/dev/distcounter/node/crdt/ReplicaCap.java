package dev.distcounter.node.crdt;

import dev.distcounter.common.Contracts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A bound on the replica entries a node takes from its peers ({@code --max-replicas}). Every start
 * of every node adds an entry for good (docs/guarantees.md §2), and anything that can send a frame
 * can invent entries at will: without a bound the state grows until it no longer fits memory, the
 * disk or a frame.
 *
 * <p>Rules, applied to each frame's state on its own:
 * <ul>
 *   <li>an entry of a replica this node already holds is always taken: only new entries take
 *       room, and nothing already held is dropped (that would lose acknowledged operations);</li>
 *   <li>new entries are taken while the state holds fewer than {@code maxEntries}: entries of
 *       members of the cluster first, then the others; within each, newest incarnation first, so a
 *       running process's entry comes before those of its earlier lives;</li>
 *   <li>the state holds at most three quarters of {@code maxEntries} entries of nodes that are not
 *       members: the last quarter is kept for members, so invented replicas cannot shut out a
 *       member that restarts. Members' entries do not count against this limit, so which of
 *       them arrived first does not change which strangers' entries a node takes;</li>
 *   <li>the node's own entry is not subject to the cap: it is written locally, never admitted here.</li>
 * </ul>
 *
 * <p>Why a partial merge is safe: merging a subset of a state's entries, each entry whole, is the
 * merge of the smaller state that subset forms, so every entry taken is counted exactly once and
 * the merge stays commutative, associative and idempotent. What is refused is only not known
 * here (the sender still holds it).
 */
public record ReplicaCap(int maxEntries) {
    /** {@code --max-replicas}'s default: 5 nodes started about 200 times each. */
    public static final int DEFAULT = 1024;

    private static final Comparator<ReplicaId> NEWEST_FIRST =
            Comparator.comparingLong(ReplicaId::incarnation).reversed().thenComparing(ReplicaId::node);

    public ReplicaCap {
        Contracts.check(maxEntries >= 1, "a replica cap of at least 1");
    }

    /**
     * What {@link #admit} lets in.
     *
     * @param entries the entries to merge: every known replica's, and the new ones admitted
     * @param refused how many new entries were left out
     */
    public record Admitted(PNCounter entries, int refused) {}

    /** At most this many entries of nodes that are not members: three quarters of the cap. */
    public int strangerLimit() {
        return maxEntries - maxEntries / 4;
    }

    /**
     * The part of {@code remote} that a state {@code local} takes.
     *
     * @param member whether a replica's node is a member of the cluster (asked only when the room is
     *               short)
     */
    public Admitted admit(PNCounter local, PNCounter remote, Predicate<ReplicaId> member) {
        Map<ReplicaId, CounterEntry> taken = new HashMap<>();
        List<ReplicaId> fresh = new ArrayList<>();
        remote.entries().forEach((replica, entry) -> {
            if (local.entries().containsKey(replica)) {
                taken.put(replica, entry);
            } else if (!entry.equals(CounterEntry.ZERO)) { // an empty entry says nothing: no room for it
                fresh.add(replica);
            }
        });
        int held = local.entries().size();
        if (fresh.isEmpty() || held + fresh.size() <= strangerLimit()) {
            return new Admitted(remote, 0); // the common cases: nothing new, or everything fits
        }
        List<ReplicaId> members = new ArrayList<>();
        List<ReplicaId> strangers = new ArrayList<>();
        for (ReplicaId replica : fresh) {
            (member.test(replica) ? members : strangers).add(replica);
        }
        int room = Math.max(0, maxEntries - held);
        int strangerRoom = strangerLimit()
                - (int) local.entries().keySet().stream()
                        .filter(member.negate())
                        .count();
        // Sorted only when not all of them fit: a frame of refused entries costs no sort.
        if (members.size() > room) {
            members.sort(NEWEST_FIRST);
        }
        if (strangerRoom > 0 && strangers.size() > Math.min(strangerRoom, room - members.size())) {
            strangers.sort(NEWEST_FIRST);
        }
        int admitted = 0;
        for (ReplicaId replica : members) {
            if (admitted >= room) {
                break;
            }
            taken.put(replica, remote.entry(replica));
            admitted++;
        }
        for (ReplicaId replica : strangers) {
            if (admitted >= room || strangerRoom <= 0) {
                break;
            }
            taken.put(replica, remote.entry(replica));
            admitted++;
            strangerRoom--;
        }
        return new Admitted(PNCounter.of(taken), fresh.size() - admitted);
    }
}
