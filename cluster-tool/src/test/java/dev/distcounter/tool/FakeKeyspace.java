package dev.distcounter.tool;

import dev.distcounter.common.http.WriteOutcome;
import dev.distcounter.tool.cluster.ClusterLayout;
import dev.distcounter.tool.http.KvOwners;
import dev.distcounter.tool.http.KvReplica;
import dev.distcounter.tool.http.KvValue;
import dev.distcounter.tool.http.KvWriteReply;
import dev.distcounter.tool.http.KvWriteResult;
import dev.distcounter.tool.http.Reply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The keyspace of a {@link FakeCluster}: one map for the whole cluster, as if every replica always
 * agreed, answered in the node's JSON shapes. A key's replicas are three consecutive nodes from
 * {@code 1 + hashCode mod nodes}, its owner the first; a node told to be in trouble answers as a
 * coordinator whose replicas do not.
 */
public final class FakeKeyspace {
    /** How a node's coordinator fails. */
    public enum Trouble {
        /** The version pre-read finds no quorum: puts 503 not_applied, gets 503. */
        NO_QUORUM_AT_ALL,
        /** Writes reach one replica but not W: puts 503 indeterminate (and are kept), gets 503. */
        WRITES_REACH_ONE
    }

    private record Held(String value, long version) {
        boolean deleted() {
            return value == null;
        }
    }

    private final ClusterLayout layout;
    private final IntPredicate running;
    private final Map<String, Held> keys = new HashMap<>();
    private final Map<Integer, Trouble> troubles = new HashMap<>();
    /** Replicas that lost what they held, "2 alpha". */
    private final Set<String> forgotten = new HashSet<>();
    /** What each node was asked, "put alpha on 2". */
    public final List<String> requests = new ArrayList<>();

    FakeKeyspace(ClusterLayout layout, IntPredicate running) {
        this.layout = layout;
        this.running = running;
    }

    /** Replica {@code node} holds nothing for {@code key} from now on, whatever the cluster holds (a lost write). */
    public FakeKeyspace forget(int node, String key) {
        forgotten.add(node + " " + key);
        return this;
    }

    public FakeKeyspace trouble(int node, Trouble trouble) {
        troubles.put(node, trouble);
        return this;
    }

    /** The value the cluster holds for {@code key}, null when none (or deleted). */
    public String valueOf(String key) {
        Held held = keys.get(key);
        return held == null ? null : held.value();
    }

    public List<Integer> replicas(String key) {
        int first = Math.floorMod(key.hashCode(), layout.nodes());
        List<Integer> replicas = new ArrayList<>();
        for (int i = 0; i < Math.min(3, layout.nodes()); i++) {
            replicas.add(1 + (first + i) % layout.nodes());
        }
        return replicas;
    }

    private String owner(String key) {
        return layout.address(replicas(key).get(0));
    }

    KvWriteResult put(int node, String key, String value) {
        requests.add("put " + key + " on " + node);
        return write(node, key, value);
    }

    KvWriteResult delete(int node, String key) {
        requests.add("delete " + key + " on " + node);
        return write(node, key, null);
    }

    private KvWriteResult write(int node, String key, String valueOrNull) {
        if (!running.test(node)) {
            return new KvWriteResult(WriteOutcome.NOT_APPLIED, 0, null, "connection refused");
        }
        Trouble trouble = troubles.get(node);
        if (trouble == Trouble.NO_QUORUM_AT_ALL) {
            return refused(
                    key,
                    "write quorum not reached: the version pre-read had 1 of R=2 replies within 1000 ms; nothing"
                            + " was written",
                    WriteOutcome.NOT_APPLIED);
        }
        Held before = keys.get(key);
        long version = before == null ? 1 : before.version() + 1;
        keys.put(key, new Held(valueOrNull, version));
        if (trouble == Trouble.WRITES_REACH_ONE) {
            return refused(
                    key,
                    "write quorum not reached: 1 of W=2 replicas acknowledged within 1000 ms; the write may or may"
                            + " not be applied",
                    WriteOutcome.INDETERMINATE);
        }
        KvWriteReply reply = new KvWriteReply(true, version, owner(key), null, "applied");
        return new KvWriteResult(WriteOutcome.APPLIED, 200, reply, "");
    }

    private KvWriteResult refused(String key, String error, WriteOutcome outcome) {
        return new KvWriteResult(outcome, 503, new KvWriteReply(false, 0L, owner(key), error, outcome.json()), error);
    }

    Reply<KvValue> get(int node, String key) {
        requests.add("get " + key + " on " + node);
        if (!running.test(node)) {
            return Reply.noAnswer("connection refused");
        }
        if (troubles.containsKey(node)) {
            return Reply.refused(503, "read quorum not reached: 1 of R=2 replicas answered within 1000 ms");
        }
        Held held = keys.get(key);
        if (held == null || held.deleted()) {
            return new Reply<>(404, new KvValue(false, key, null, null, owner(key), null), "");
        }
        return Reply.of(new KvValue(true, key, held.value(), held.version(), owner(key), null));
    }

    /** A replica of the key holds what the cluster holds (unless it forgot it); any other node nothing. */
    Reply<KvReplica> replica(int node, String key) {
        requests.add("replica " + key + " on " + node);
        if (!running.test(node)) {
            return Reply.noAnswer("connection refused");
        }
        Held held = keys.get(key);
        if (held == null || !replicas(key).contains(node) || forgotten.contains(node + " " + key)) {
            return Reply.of(new KvReplica(key, false, null, null, null));
        }
        return Reply.of(new KvReplica(key, true, held.value(), held.version(), held.deleted()));
    }

    Reply<KvOwners> owners(int node, String key) {
        requests.add("owners " + key + " on " + node);
        if (!running.test(node)) {
            return Reply.noAnswer("connection refused");
        }
        List<KvOwners.Replica> replicas = replicas(key).stream()
                .map(n -> new KvOwners.Replica(
                        layout.address(n), n == node ? "self" : running.test(n) ? "alive" : "dead"))
                .toList();
        return Reply.of(new KvOwners(key, String.format("%016x", (long) key.hashCode()), replicas));
    }
}
