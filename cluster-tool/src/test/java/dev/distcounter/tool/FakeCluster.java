package dev.distcounter.tool;

import dev.distcounter.common.auth.ClusterKey;
import dev.distcounter.common.auth.Keyring;
import dev.distcounter.common.auth.KeyringException;
import dev.distcounter.common.auth.KeyringView;
import dev.distcounter.common.http.WriteOutcome;
import dev.distcounter.tool.cluster.ClusterLayout;
import dev.distcounter.tool.cluster.NodeProcesses;
import dev.distcounter.tool.cluster.ProcessControlException;
import dev.distcounter.tool.cluster.RunningProcesses;
import dev.distcounter.tool.http.Change;
import dev.distcounter.tool.http.ChaosChange;
import dev.distcounter.tool.http.ChaosState;
import dev.distcounter.tool.http.ClusterApi;
import dev.distcounter.tool.http.ClusterView;
import dev.distcounter.tool.http.CounterState;
import dev.distcounter.tool.http.KeyChange;
import dev.distcounter.tool.http.KeyHolder;
import dev.distcounter.tool.http.KvOwners;
import dev.distcounter.tool.http.KvReplica;
import dev.distcounter.tool.http.KvValue;
import dev.distcounter.tool.http.KvWriteResult;
import dev.distcounter.tool.http.PeerList;
import dev.distcounter.tool.http.RegisteredPeer;
import dev.distcounter.tool.http.Reply;
import dev.distcounter.tool.http.RingRequests;
import dev.distcounter.tool.http.WriteReply;
import dev.distcounter.tool.http.WriteResult;
import dev.distcounter.tool.time.TimeSource;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * A cluster in the test's JVM, with its own clock: every node counts the writes applied on it at
 * once and those applied elsewhere {@link #gossipDelay} milliseconds later (a PN-counter: the value
 * is the sum of the deltas, the version the sum of their sizes, the digest tells which writes a
 * node holds); processes are killed and started by number; time moves by a millisecond per request
 * and by whatever the tool sleeps.
 */
public final class FakeCluster implements ClusterApi, NodeProcesses, TimeSource {
    public static final long START_MILLIS = 1_795_000_000_000L;

    /** How a node answers a write it was told to answer differently. */
    public enum Answer {
        /** 503 "outcome unknown", although it was applied. */
        UNKNOWN_BUT_APPLIED,
        /** 503 "outcome unknown", and it was not applied. */
        UNKNOWN_NOT_APPLIED,
        /** 503 with {@code "outcome":"not_applied"}: the log had failed before. */
        NOT_COUNTED,
        /** 400. */
        BAD_REQUEST,
        /** 200, but counted twice: a broken node. */
        COUNTED_TWICE
    }

    /** A write, and the nodes that hold it at once (its node, or a partition's side). */
    private record Write(int node, long delta, long atMillis, Set<Integer> seenAtOnceBy) {
        Write(int node, long delta, long atMillis) {
            this(node, delta, atMillis, Set.of(node));
        }
    }

    private final ClusterLayout layout;
    private final List<Write> writes = new ArrayList<>();
    private final TreeMap<Integer, Long> pids = new TreeMap<>();
    private final Map<Integer, Deque<Answer>> answers = new HashMap<>();
    private final Map<Integer, ChaosState> chaos = new HashMap<>();
    private final Map<Integer, String> leaders = new HashMap<>();
    private final Set<Integer> silentClusterViews = new HashSet<>();
    private final Set<Integer> failingLaunches = new HashSet<>();
    /** The key every process of the fake cluster starts with: the script's data/cluster.key. */
    public static final ClusterKey STARTING_KEY = ClusterKey.of(new byte[ClusterKey.BYTES]);

    private final Map<KeyHolder, Keyring> keyrings = new HashMap<>();
    private final Set<KeyHolder> refusingKeys = new HashSet<>();
    public final List<String> events = new ArrayList<>();
    /** The nodes' answers to {@code /admin/leave} and {@code /admin/remove}. */
    public final FakeRing ring = new FakeRing();
    /** The cluster's keys. */
    public final FakeKeyspace keyspace;

    private OptionalLong discovery = OptionalLong.of(100);
    private long now = START_MILLIS;
    private long nextPid = 1000;
    public long gossipDelay;
    /** For each node, the fake time before which no other node lists it among its peers. */
    private final Map<Integer, Long> unknownUntil = new HashMap<>();

    public FakeCluster(ClusterLayout layout) {
        this.layout = layout;
        this.keyspace = new FakeKeyspace(layout, pids::containsKey);
        for (int node : layout.allNodes()) {
            pids.put(node, nextPid++);
        }
    }

    // -- setting the scene

    /** The other nodes list {@code node} as a peer only {@code millis} after the start. */
    public FakeCluster knownAfter(int node, long millis) {
        unknownUntil.put(node, START_MILLIS + millis);
        return this;
    }

    public FakeCluster stop(int node) {
        pids.remove(node);
        return this;
    }

    public FakeCluster stopDiscovery() {
        discovery = OptionalLong.empty();
        return this;
    }

    /** The next writes to {@code node} are answered like this, in order. */
    public FakeCluster answer(int node, Answer... next) {
        answers.computeIfAbsent(node, n -> new ArrayDeque<>()).addAll(List.of(next));
        return this;
    }

    /** The leader {@code node} names in {@code /cluster}; "" for none (default: the highest running node). */
    public FakeCluster leaderSeenBy(int node, String leader) {
        leaders.put(node, leader);
        return this;
    }

    public FakeCluster noClusterView(int node) {
        silentClusterViews.add(node);
        return this;
    }

    public FakeCluster failLaunchOf(int node) {
        failingLaunches.add(node);
        return this;
    }

    /** A write applied on {@code node} before the tool runs. */
    public FakeCluster applied(int node, long delta) {
        writes.add(new Write(node, delta, now));
        return this;
    }

    /**
     * A write applied on {@code node} before the tool runs, held at once by every node of
     * {@code side} (one side of a partition) and by the others only after the gossip delay.
     */
    public FakeCluster appliedWithin(List<Integer> side, int node, long delta) {
        writes.add(new Write(node, delta, now, Set.copyOf(side)));
        return this;
    }

    /**
     * What {@code node} holds now. Its digest is the set of writes it holds, write k as bit k, in
     * hex: "0000000000000005" holds the first and the third.
     */
    public CounterState stateAt(int node) {
        long value = 0;
        long version = 0;
        BigInteger held = BigInteger.ZERO;
        for (int k = 0; k < writes.size(); k++) {
            Write w = writes.get(k);
            if (w.seenAtOnceBy().contains(node) || now >= w.atMillis() + gossipDelay) {
                value += w.delta();
                version += Math.abs(w.delta());
                held = held.setBit(k);
            }
        }
        String digest = held.toString(16);
        return new CounterState(
                value, version, layout.address(node), "0".repeat(Math.max(0, 16 - digest.length())) + digest);
    }

    public ChaosState chaosOf(int node) {
        return chaos.getOrDefault(node, new ChaosState(0.0, "0s", List.of(), 0, 0, 0));
    }

    // -- TimeSource

    @Override
    public long millis() {
        return now;
    }

    @Override
    public void sleep(long millis) {
        now += millis;
    }

    // -- NodeProcesses

    @Override
    public RunningProcesses running() {
        return new RunningProcesses(discovery, pids);
    }

    @Override
    public long kill(int node) {
        Long pid = pids.remove(node);
        if (pid == null) {
            throw new ProcessControlException("node " + node + " is not running");
        }
        events.add("kill " + node);
        return pid;
    }

    @Override
    public long pause(int node) {
        Long pid = pids.get(node);
        if (pid == null) {
            throw new ProcessControlException("node " + node + " is not running");
        }
        events.add("pause " + node);
        return pid;
    }

    @Override
    public boolean resume(int node) {
        events.add("resume " + node);
        return pids.containsKey(node);
    }

    @Override
    public boolean launch(int node) {
        events.add("launch " + node);
        if (failingLaunches.contains(node)) {
            return false;
        }
        pids.put(node, nextPid++);
        chaos.remove(node); // faults live in the process
        return true;
    }

    // -- ClusterApi

    @Override
    public Reply<CounterState> counter(int node) {
        now++;
        return pids.containsKey(node) ? Reply.of(stateAt(node)) : Reply.noAnswer("connection refused");
    }

    @Override
    public WriteResult write(int node, Change change) {
        long invoke = now;
        now++;
        if (!pids.containsKey(node)) {
            return new WriteResult(WriteOutcome.NOT_APPLIED, 0, null, "connection refused", invoke, now);
        }
        Answer answer = answers.getOrDefault(node, new ArrayDeque<>()).poll();
        if (answer == null || answer == Answer.UNKNOWN_BUT_APPLIED || answer == Answer.COUNTED_TWICE) {
            writes.add(new Write(node, change.delta(), now));
        }
        if (answer == Answer.COUNTED_TWICE) {
            writes.add(new Write(node, change.delta(), now));
        }
        if (answer == null || answer == Answer.COUNTED_TWICE) {
            CounterState s = stateAt(node);
            WriteReply reply = new WriteReply(s.value(), s.version(), s.node(), change.word(), 1L, "applied", null);
            return new WriteResult(WriteOutcome.APPLIED, 200, reply, "", invoke, now);
        }
        return switch (answer) {
            case UNKNOWN_BUT_APPLIED, UNKNOWN_NOT_APPLIED -> refusal(503, "indeterminate", "outcome unknown", invoke);
            case NOT_COUNTED -> refusal(503, "not_applied", "not counted: the log failed", invoke);
            case BAD_REQUEST -> refusal(400, "not_applied", "bad 'by' parameter", invoke);
            case COUNTED_TWICE -> throw new IllegalStateException("answered above");
        };
    }

    private WriteResult refusal(int status, String outcome, String error, long invoke) {
        WriteReply reply = new WriteReply(null, null, null, null, null, outcome, error);
        return new WriteResult(WriteOutcome.fromJson(outcome), status, reply, error, invoke, now);
    }

    @Override
    public Reply<PeerList> peers(int node) {
        now++;
        if (!pids.containsKey(node)) {
            return Reply.noAnswer("connection refused");
        }
        List<String> others = pids.keySet().stream()
                .filter(n -> n != node && now >= unknownUntil.getOrDefault(n, 0L))
                .map(layout::address)
                .toList();
        return Reply.of(new PeerList(others.size(), others));
    }

    @Override
    public Reply<ClusterView> cluster(int node) {
        now++;
        if (!pids.containsKey(node) || silentClusterViews.contains(node)) {
            return Reply.refused(404, "no such endpoint");
        }
        String leader = leaders.getOrDefault(node, layout.address(pids.lastKey()));
        List<ClusterView.Member> members = layout.allNodes().stream()
                .filter(n -> n != node)
                .map(n -> new ClusterView.Member(
                        layout.address(n), pids.containsKey(n) ? "alive" : "dead", (long) n, 1L, 0L, 0L, 0L, List.of()))
                .toList();
        return Reply.of(new ClusterView(
                layout.address(node),
                (long) node,
                1L,
                leader.isEmpty() ? null : leader,
                1L,
                false,
                1L,
                0L,
                0L,
                members));
    }

    @Override
    public Reply<ChaosState> chaos(int node) {
        now++;
        return pids.containsKey(node) ? Reply.of(chaosOf(node)) : Reply.noAnswer("connection refused");
    }

    @Override
    public Reply<ChaosState> setChaos(int node, ChaosChange change) {
        now++;
        if (!pids.containsKey(node)) {
            return Reply.noAnswer("connection refused");
        }
        ChaosState old = chaosOf(node);
        ChaosState next = new ChaosState(
                change.drop() == null ? old.drop() : change.drop().doubleValue(),
                change.delay() == null ? old.delay() : change.delay(),
                change.blocked() == null ? old.blocked() : change.blocked(),
                old.framesBlocked(),
                old.framesDropped(),
                old.framesDelayed());
        chaos.put(node, next);
        events.add("chaos " + node + " drop " + next.drop() + " blocked " + next.blocked());
        return Reply.of(next);
    }

    @Override
    public KvWriteResult kvPut(int node, String key, String value) {
        now++;
        return keyspace.put(node, key, value);
    }

    @Override
    public KvWriteResult kvDelete(int node, String key) {
        now++;
        return keyspace.delete(node, key);
    }

    @Override
    public Reply<KvValue> kvGet(int node, String key) {
        now++;
        return keyspace.get(node, key);
    }

    @Override
    public Reply<KvOwners> kvOwners(int node, String key) {
        now++;
        return keyspace.owners(node, key);
    }

    @Override
    public Reply<KvReplica> kvReplica(int node, String key) {
        now++;
        return keyspace.replica(node, key);
    }

    @Override
    public Reply<List<RegisteredPeer>> registeredPeers() {
        now++;
        if (discovery.isEmpty()) {
            return Reply.noAnswer("connection refused");
        }
        return Reply.of(pids.keySet().stream()
                .map(n -> new RegisteredPeer(layout.address(n), "2026-11-21T05:00:00Z"))
                .toList());
    }

    // -- keys: every process starts with STARTING_KEY, and changes as a real keyring does

    @Override
    public Reply<KeyringView> keys(KeyHolder holder) {
        now++;
        if (!runs(holder)) {
            return Reply.noAnswer("connection refused");
        }
        return Reply.of(KeyringView.of(keyringOf(holder)));
    }

    @Override
    public Reply<KeyringView> changeKeys(KeyHolder holder, KeyChange change) {
        now++;
        if (!runs(holder)) {
            return Reply.noAnswer("connection refused");
        }
        if (refusingKeys.contains(holder)) {
            return Reply.refused(409, "this process runs without a cluster key");
        }
        Keyring before = keyringOf(holder);
        try {
            Keyring after = switch (change.action()) {
                case "install" -> before.install(ClusterKey.parse(change.body().get("key")));
                case "use" -> before.use(change.body().get("fingerprint"));
                case "remove" -> before.remove(change.body().get("fingerprint"));
                default -> throw new IllegalArgumentException(change.action());
            };
            keyrings.put(holder, after);
            events.add("keys " + holder.label() + " " + change);
            return Reply.of(KeyringView.of(after));
        } catch (KeyringException e) {
            return Reply.refused(e.kind() == KeyringException.Kind.UNKNOWN_KEY ? 400 : 409, e.getMessage());
        }
    }

    /** The keyring of a process, as its last change left it. */
    public Keyring keyringOf(KeyHolder holder) {
        return keyrings.getOrDefault(holder, Keyring.of(STARTING_KEY));
    }

    /** {@code holder} answers every keyring change with 409 (a process started without a key). */
    public FakeCluster refuseKeysAt(KeyHolder holder) {
        refusingKeys.add(holder);
        return this;
    }

    @Override
    public RingRequests ring() {
        return ring;
    }

    private boolean runs(KeyHolder holder) {
        return holder.discovery() ? discovery.isPresent() : pids.containsKey(holder.node());
    }
}
