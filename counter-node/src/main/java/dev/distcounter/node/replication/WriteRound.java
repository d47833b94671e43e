package dev.distcounter.node.replication;

import dev.distcounter.common.http.WriteOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The acknowledgements of one write sent to every replica of its key. Pure state, no I/O.
 *
 * <p>Rules:
 * <ul>
 *   <li>An acknowledgement is a reply saying the replica durably holds this write or a newer
 *       version of the key ({@code STORED} or {@code HOLDS_NEWER}): either way the key will not
 *       read older than this write there. The write succeeds at {@code quorum} of them.</li>
 *   <li>A {@code FAILED} reply (the replica's log failed) is a certain "not stored".</li>
 *   <li>An {@code IN_MEMORY} reply (a replica without a log) holds the write but is no
 *       acknowledgement: it dies with the replica's process.</li>
 *   <li>The write has failed once the replicas still silent could not lift the acknowledgements
 *       to the quorum. It is then certainly not applied only if every replica answered FAILED;
 *       otherwise some replica may hold it: indeterminate. A timeout is indeterminate too.</li>
 * </ul>
 */
final class WriteRound {
    private final Set<String> asked;
    private final int quorum;
    private final Map<String, Boolean> stored = new HashMap<>(); // replica -> acknowledged?
    private boolean anyMayHold; // some replica answered that it holds the write, acknowledged or not

    WriteRound(List<String> replicas, int quorum) {
        if (quorum < 1 || quorum > replicas.size()) {
            throw new IllegalArgumentException("quorum " + quorum + " of " + replicas.size() + " replicas");
        }
        this.asked = new LinkedHashSet<>(replicas);
        this.quorum = quorum;
    }

    /** Records a reply; a second one from a node, or one from a node not asked, is ignored. */
    void onReply(String node, boolean acknowledged) {
        onReply(node, acknowledged, acknowledged);
    }

    /**
     * Records a reply that may hold the write without acknowledging it ({@code mayHold}: a replica
     * without a log, or a refusal that still shows the write may be there).
     */
    void onReply(String node, boolean acknowledged, boolean mayHold) {
        if (asked.contains(node) && stored.putIfAbsent(node, acknowledged) == null) {
            anyMayHold |= mayHold;
        }
    }

    boolean hasReplied(String node) {
        return stored.containsKey(node);
    }

    int acknowledgements() {
        return (int) stored.values().stream().filter(Boolean::booleanValue).count();
    }

    boolean succeeded() {
        return acknowledgements() >= quorum;
    }

    /** Whether the quorum can no longer be reached, whatever the silent replicas answer. */
    boolean failed() {
        return acknowledgements() + (asked.size() - stored.size()) < quorum;
    }

    /** What a client may conclude when the write did not succeed (see the class comment). */
    WriteOutcome outcomeIfNotSucceeded() {
        return stored.size() == asked.size() && acknowledgements() == 0 && !anyMayHold
                ? WriteOutcome.NOT_APPLIED
                : WriteOutcome.INDETERMINATE;
    }

    boolean allReplied() {
        return stored.size() == asked.size();
    }

    /** Replicas that have not replied yet, in preference order. */
    List<String> silent() {
        List<String> out = new ArrayList<>();
        for (String node : asked) {
            if (!stored.containsKey(node)) {
                out.add(node);
            }
        }
        return out;
    }
}
