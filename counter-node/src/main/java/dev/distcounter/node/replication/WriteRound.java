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
 *   <li>The write has failed once the replicas still silent could not lift the acknowledgements
 *       to the quorum. It is then certainly not applied only if every replica answered FAILED;
 *       otherwise some replica may hold it: indeterminate. A timeout is indeterminate too.</li>
 * </ul>
 */
final class WriteRound {
    private final Set<String> asked;
    private final int quorum;
    private final Map<String, Boolean> stored = new HashMap<>(); // replica -> acknowledged?

    WriteRound(List<String> replicas, int quorum) {
        if (quorum < 1 || quorum > replicas.size()) {
            throw new IllegalArgumentException("quorum " + quorum + " of " + replicas.size() + " replicas");
        }
        this.asked = new LinkedHashSet<>(replicas);
        this.quorum = quorum;
    }

    /** Records a reply; a second one from a node, or one from a node not asked, is ignored. */
    void onReply(String node, boolean acknowledged) {
        if (asked.contains(node)) {
            stored.putIfAbsent(node, acknowledged);
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
        return stored.size() == asked.size() && acknowledgements() == 0
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
