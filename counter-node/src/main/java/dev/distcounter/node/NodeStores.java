package dev.distcounter.node;

import dev.distcounter.node.handoff.HintStore;
import dev.distcounter.node.kvstore.ReplicaStore;
import dev.distcounter.node.metrics.WalMeters;
import dev.distcounter.node.storage.CounterStore;
import dev.distcounter.node.storage.StartingState;
import dev.distcounter.wal.RecoveryReport;
import dev.distcounter.wal.WalObserver;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's durable state, each part in its own log under the WAL directory: the counter (in the
 * directory itself), the keys it holds as a replica ({@code kv/}) and the hints it keeps as a
 * coordinator ({@code hints/}); all in memory with {@code --wal=false}. Opened together (one line
 * logged per log: where it is, what it recovered), snapshotted by the maintenance thread, closed
 * in the order {@link CounterNode#close} needs.
 */
final class NodeStores {
    private static final Logger log = LoggerFactory.getLogger(NodeStores.class);

    private final String name;
    private final CounterStore counter;
    private final ReplicaStore replicas;
    private final HintStore hints;

    private NodeStores(String name, CounterStore counter, ReplicaStore replicas, HintStore hints) {
        this.name = name;
        this.counter = counter;
        this.replicas = replicas;
        this.hints = hints;
    }

    /** Opens all three, or none: a failure closes what was opened before it. */
    static NodeStores open(NodeConfig config, PrometheusMeterRegistry registry) throws IOException {
        String name = config.address().toString();
        CounterStore counter = openCounter(config, registry);
        ReplicaStore replicas = null;
        try {
            replicas = openReplicas(config);
            return new NodeStores(name, counter, replicas, openHints(config));
        } catch (IOException | RuntimeException e) {
            if (replicas != null) {
                replicas.close();
            }
            counter.close();
            throw e;
        }
    }

    private static CounterStore openCounter(NodeConfig config, PrometheusMeterRegistry registry) throws IOException {
        String name = config.address().toString();
        if (!config.storage().enabled()) {
            log.warn("{}: {}", name, StartingState.withoutWal());
            return CounterStore.inMemory(name, new SecureRandom().nextLong() & Long.MAX_VALUE);
        }
        CounterStore store =
                CounterStore.open(name, config.storage(), System::currentTimeMillis, new WalMeters(registry));
        RecoveryReport recovery = store.recovery().orElseThrow();
        log.info("{}: {}", name, StartingState.describe(config.storage().dir(), store.current(), recovery));
        return store;
    }

    private static ReplicaStore openReplicas(NodeConfig config) throws IOException {
        String name = config.address().toString();
        if (!config.storage().enabled()) {
            log.warn(
                    "{}: keys held here live in memory only (--wal=false): this node's copies never count towards W",
                    name);
            return ReplicaStore.volatileInMemory(name);
        }
        // The counter's WAL meters describe the counter's log; the replica log is not metered yet.
        ReplicaStore replicas = ReplicaStore.open(name, config.storage(), WalObserver.NONE);
        log.info(
                "{}: replica store: {} key(s) recovered from {}",
                name,
                replicas.size(),
                replicas.wal().map(w -> w.config().dir().toString()).orElse("memory"));
        return replicas;
    }

    private static HintStore openHints(NodeConfig config) throws IOException {
        if (!config.storage().enabled()) {
            return HintStore.volatileInMemory(config.member().keyspace().hints());
        }
        HintStore hints =
                HintStore.open(config.storage(), config.member().keyspace().hints());
        log.info(
                "{}: hint store: {} hint(s) recovered from {}",
                config.address(),
                hints.pending(),
                HintStore.directory(config.storage()));
        return hints;
    }

    CounterStore counter() {
        return counter;
    }

    ReplicaStore replicas() {
        return replicas;
    }

    HintStore hints() {
        return hints;
    }

    /** Snapshots each log that is due; a failure is logged and tried again next time. */
    void snapshotIfDue() {
        try {
            counter.snapshotIfDue();
        } catch (IOException e) {
            log.warn("{}: snapshot failed: {}", name, e.toString());
        }
        try {
            replicas.snapshotIfDue();
        } catch (IOException e) {
            log.warn("{}: replica store snapshot failed: {}", name, e.toString());
        }
    }

    /** Flushes and closes the counter's and the replicas' logs (each with a snapshot). */
    void closeData() {
        try {
            counter.close();
        } catch (IOException e) {
            log.error("{}: closing the WAL failed: {}", name, e.toString());
        }
        try {
            replicas.close();
        } catch (IOException e) {
            log.error("{}: closing the replica log failed: {}", name, e.toString());
        }
    }

    /** Closes the hint log: after the scheduler thread stopped, since hint replay runs there. */
    void closeHints() {
        try {
            hints.close();
        } catch (IOException e) {
            log.error("{}: closing the hint log failed: {}", name, e.toString());
        }
    }
}
