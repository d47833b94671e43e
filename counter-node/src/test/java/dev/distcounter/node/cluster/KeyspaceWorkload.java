package dev.distcounter.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.node.replication.ReadResult;
import dev.distcounter.node.replication.WriteResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Clients of an in-memory cluster's keyspace, each with one request at a time, on a few keys,
 * through a few coordinators; records every operation with its invoke and completion time, and
 * checks the version guarantees on the history (docs/guarantees.md §13).
 */
final class KeyspaceWorkload {
    enum Kind {
        PUT,
        DELETE,
        GET
    }

    /**
     * One completed operation.
     *
     * @param version the version the client was told (put, delete, a found or deleted get); 0 if none
     * @param ok      a write acknowledged, or a read answered
     */
    record Operation(
            int client, String key, Kind kind, String value, long invoked, long completed, boolean ok, long version) {
        boolean acknowledged() {
            return ok && kind != Kind.GET;
        }
    }

    private final InMemoryCluster cluster;
    private final List<String> keys;
    private final Random random;
    private final List<CompletableFuture<Operation>> inFlight = new ArrayList<>();
    private final List<Operation> history = new ArrayList<>();
    private final List<Set<String>> written = new ArrayList<>();
    private int sequence;

    KeyspaceWorkload(InMemoryCluster cluster, List<String> keys, int clients, Random random) {
        this.cluster = cluster;
        this.keys = keys;
        this.random = random;
        for (int i = 0; i < clients; i++) {
            inFlight.add(null);
        }
        keys.forEach(k -> written.add(new HashSet<>()));
    }

    /** Collects finished operations and starts the next one of every idle client. */
    void step() {
        for (int client = 0; client < inFlight.size(); client++) {
            CompletableFuture<Operation> op = inFlight.get(client);
            if (op != null && !op.isDone()) {
                continue;
            }
            if (op != null) {
                history.add(op.join());
            }
            inFlight.set(client, start(client));
        }
    }

    /** Lets every operation in flight finish; starts no more. */
    void drain() {
        for (int i = 0; i < 10_000 && inFlight.stream().anyMatch(f -> f != null && !f.isDone()); i++) {
            cluster.runFor(Duration.ofMillis(1));
        }
        for (CompletableFuture<Operation> op : inFlight) {
            assertThat(op == null || op.isDone()).as("every operation answered").isTrue();
            if (op != null) {
                history.add(op.join());
            }
        }
        inFlight.replaceAll(f -> null);
    }

    private CompletableFuture<Operation> start(int client) {
        String key = keys.get(random.nextInt(keys.size()));
        var node = cluster.node(client % 3).keyspace();
        long invoked = cluster.nowMillis();
        int dice = random.nextInt(10);
        if (dice < 6) {
            String value = "c" + client + "-" + sequence++;
            written.get(keys.indexOf(key)).add(value);
            return node.put(key, value, OptionalInt.empty())
                    .thenApply(r -> write(client, key, Kind.PUT, value, invoked, r));
        }
        if (dice < 7) {
            written.get(keys.indexOf(key)).add(null);
            return node.delete(key, OptionalInt.empty())
                    .thenApply(r -> write(client, key, Kind.DELETE, null, invoked, r));
        }
        return node.get(key, OptionalInt.empty())
                .thenApply(r -> new Operation(
                        client,
                        key,
                        Kind.GET,
                        r.value(),
                        invoked,
                        cluster.nowMillis(),
                        r.kind() != ReadResult.Kind.NO_QUORUM,
                        r.version()));
    }

    private Operation write(int client, String key, Kind kind, String value, long invoked, WriteResult r) {
        return new Operation(client, key, kind, value, invoked, cluster.nowMillis(), r.ok(), r.version());
    }

    List<Operation> history() {
        return List.copyOf(history);
    }

    /** Every value a client tried to write under {@code key} (null for a delete). */
    Set<String> written(String key) {
        return written.get(keys.indexOf(key));
    }

    /**
     * Guarantee 2: a write that starts after another write to the same key was acknowledged gets
     * a greater version; a read that starts after it returns its version or a greater one.
     */
    static void checkRealTimeOrder(List<Operation> history) {
        for (Operation a : history) {
            if (!a.acknowledged()) {
                continue;
            }
            for (Operation b : history) {
                if (!b.ok() || !b.key().equals(a.key()) || b.invoked() <= a.completed()) {
                    continue;
                }
                if (b.kind() == Kind.GET) {
                    assertThat(b.version())
                            .as("a read started after %s was acknowledged: %s", a, b)
                            .isGreaterThanOrEqualTo(a.version());
                } else {
                    assertThat(b.version())
                            .as("a write started after %s was acknowledged: %s", a, b)
                            .isGreaterThan(a.version());
                }
            }
        }
    }

    /** Guarantee 3: the version each client sees for a key never goes down, and its writes go above it. */
    static void checkClientVersionsGrow(List<Operation> history) {
        List<Operation> sorted = new ArrayList<>(history);
        sorted.sort((x, y) -> Long.compare(x.invoked(), y.invoked()));
        for (Operation a : sorted) {
            for (Operation b : sorted) {
                if (a.client() != b.client() || !a.key().equals(b.key()) || !a.ok() || !b.ok()) {
                    continue;
                }
                if (b.invoked() < a.completed()) {
                    continue;
                }
                if (b.kind() == Kind.GET) {
                    assertThat(b.version())
                            .as("client %d saw %s then %s", a.client(), a, b)
                            .isGreaterThanOrEqualTo(a.version());
                } else {
                    assertThat(b.version())
                            .as("client %d saw %s then wrote %s", a.client(), a, b)
                            .isGreaterThan(a.version());
                }
            }
        }
    }
}
