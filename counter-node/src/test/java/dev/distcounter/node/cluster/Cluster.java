package dev.distcounter.node.cluster;

import dev.distcounter.node.ClusterMember;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.transport.LinkFaults;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.Assertions;

/**
 * A cluster under test. Scenarios are written once against this interface and run over the
 * in-memory network in virtual time ({@link InMemoryCluster}) and over real TCP ({@link TcpCluster}).
 */
interface Cluster extends AutoCloseable {
    int size();

    ClusterMember node(int i);

    /** An operation on node {@code i} (it runs on that node's scheduler thread). */
    void add(int i, long delta);

    /** Lets the cluster run for {@code d} (virtual or real time). */
    void runFor(Duration d);

    /** Sets the faults on every link leaving node {@code i}. */
    default void setFaults(int i, LinkFaults faults) {
        node(i).transport().setDefaultFaults(faults);
    }

    default void setFaultsEverywhere(LinkFaults faults) {
        for (int i = 0; i < size(); i++) {
            setFaults(i, faults);
        }
    }

    /** Blocks every link between the two groups, both ways. */
    default void partition(List<Integer> a, List<Integer> b) {
        for (int x : a) {
            for (int y : b) {
                node(x).transport().setFaults(node(y).address(), LinkFaults.BLOCKED);
                node(y).transport().setFaults(node(x).address(), LinkFaults.BLOCKED);
            }
        }
    }

    default void heal() {
        for (int i = 0; i < size(); i++) {
            node(i).transport().clearFaults();
        }
    }

    /** Replaces node {@code i} with a fresh process: empty state, new incarnation, same address. */
    void restartEmpty(int i);

    /** Stops node {@code i} as a crash would: it sends and answers nothing more. */
    void crash(int i);

    PNCounter state(int i);

    /** The cluster's clock: virtual or wall-clock milliseconds. */
    long nowMillis();

    /**
     * Runs until every node in {@code nodes} holds the same state with {@code expectedValue}, and
     * returns how long that took; fails after {@code timeout} naming every node's value.
     */
    default Duration awaitConvergence(List<Integer> nodes, long expectedValue, Duration timeout) {
        long start = nowMillis();
        while (!converged(nodes, expectedValue)) {
            if (nowMillis() - start >= timeout.toMillis()) {
                Assertions.fail(
                        "no convergence to %d within %s: %s",
                        expectedValue,
                        timeout,
                        nodes.stream()
                                .map(i -> node(i).address() + "=" + state(i).value() + "/v" + state(i).version())
                                .collect(Collectors.joining(", ")));
            }
            runFor(Duration.ofMillis(10));
        }
        return Duration.ofMillis(nowMillis() - start);
    }

    private boolean converged(List<Integer> nodes, long expectedValue) {
        PNCounter first = state(nodes.get(0));
        return first.value() == expectedValue && nodes.stream().allMatch(i -> state(i).equals(first));
    }

    @Override
    void close();
}
