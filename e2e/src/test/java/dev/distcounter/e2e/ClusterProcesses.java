package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distcounter.testsupport.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A discovery server and counter nodes started from the real jars on free loopback ports, all
 * under one work directory (logs and WAL directories). Closing it SIGKILLs whatever still runs.
 */
final class ClusterProcesses implements AutoCloseable {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration READY_POLL = Duration.ofMillis(50);
    private static final int LOG_TAIL_LINES = 25;
    private static final int START_ATTEMPTS = 3;

    private final Path workDir;
    private final CounterClient client = new CounterClient();
    private final List<NodeProcess> nodes = new ArrayList<>();
    private DiscoveryProcess discovery;
    private int unusedDiscoveryPort;

    ClusterProcesses(Path workDir) {
        this.workDir = workDir;
    }

    CounterClient client() {
        return client;
    }

    Path workDir() {
        return workDir;
    }

    // ---- discovery server ------------------------------------------------------------------

    /** Starts the discovery server and waits until its /health answers OK. */
    DiscoveryProcess startDiscovery(String... flags) throws IOException, InterruptedException {
        if (discovery != null) {
            throw new IllegalStateException("discovery already started");
        }
        for (int attempt = 1; ; attempt++) {
            discovery = new DiscoveryProcess(workDir, LoopbackPorts.next(), Arrays.asList(flags));
            discovery.launch();
            try {
                awaitReady(discovery);
                return discovery;
            } catch (StartFailure e) {
                if (!e.portInUse || attempt == START_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Starts the discovery server again on the same port and waits until it answers. */
    void restartDiscovery() throws IOException, InterruptedException {
        discovery.launch();
        awaitReady(discovery);
    }

    DiscoveryProcess discovery() {
        return Objects.requireNonNull(discovery, "no discovery server started");
    }

    // ---- nodes -----------------------------------------------------------------------------

    /**
     * Starts a node (pointed at the discovery server, or at a port where nothing listens if none
     * was started) and waits until its /health answers 200.
     */
    NodeProcess startNode(String name, String... flags) throws IOException, InterruptedException {
        return startWithRetries(() -> launchNode(name, flags));
    }

    /**
     * Starts a node with {@code --discovery=none} (give it {@code --seeds=...} in {@code flags} to
     * join others) and waits until its /health answers 200.
     */
    NodeProcess startNodeWithoutDiscovery(String name, String... flags) throws IOException, InterruptedException {
        return startWithRetries(() -> launch(name, "none", flags));
    }

    /**
     * Launches the original's 5-node layout (node1 default; node2 syncs every second with 3
     * peers; node3 without WAL; node4 WAL without fsync; node5 syncs every 5 s) and waits until
     * every node answers.
     */
    List<NodeProcess> startOriginalLayout() throws IOException, InterruptedException {
        List<NodeProcess> layout = List.of(
                launchNode("node1"),
                launchNode("node2", "--sync=1s", "--max-peers=3"),
                launchNode("node3", "--wal=false"),
                launchNode("node4", "--wal-fsync=false"),
                launchNode("node5", "--sync=5s"));
        for (NodeProcess node : layout) {
            awaitReady(node);
        }
        return layout;
    }

    private interface Launch {
        NodeProcess start() throws IOException;
    }

    /** Launches and waits; on a port taken meanwhile by someone else, tries again with new ports. */
    private NodeProcess startWithRetries(Launch launch) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            NodeProcess node = launch.start();
            try {
                awaitReady(node);
                return node;
            } catch (StartFailure e) {
                nodes.remove(node);
                if (!e.portInUse || attempt == START_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Starts a node's JVM with exactly {@code arguments} (a README's command line: they must make it
     * gossip on {@code tcpPort} and answer HTTP on 127.0.0.1:{@code httpPort}) without waiting for
     * it; see {@link #awaitReady(JavaProcess)}.
     */
    NodeProcess launchNodeWithArguments(String name, int tcpPort, int httpPort, List<String> arguments)
            throws IOException {
        NodeProcess node = NodeProcess.withArguments(name, workDir, tcpPort, httpPort, arguments);
        nodes.add(node);
        node.launch();
        return node;
    }

    /**
     * Starts a node's JVM with {@code --discovery=none} without waiting for it (see {@link
     * #awaitReady(JavaProcess)}): nodes that join each other through {@code -seed} can start side by
     * side, since a node keeps contacting a seed that is not up yet.
     */
    NodeProcess launchNodeWithoutDiscovery(String name, String... flags) throws IOException {
        return launch(name, "none", flags);
    }

    /** Starts a node's JVM without waiting for it; see {@link #awaitReady(JavaProcess)}. */
    NodeProcess launchNode(String name, String... flags) throws IOException {
        String discoveryAddr;
        if (discovery != null) {
            discoveryAddr = discovery.addr();
        } else {
            if (unusedDiscoveryPort == 0) {
                unusedDiscoveryPort = LoopbackPorts.next();
            }
            discoveryAddr = "localhost:" + unusedDiscoveryPort;
        }
        return launch(name, discoveryAddr, flags);
    }

    private NodeProcess launch(String name, String discoveryAddr, String... flags) throws IOException {
        NodeProcess node = new NodeProcess(
                name, workDir, LoopbackPorts.next(), LoopbackPorts.next(), discoveryAddr, Arrays.asList(flags));
        nodes.add(node);
        node.launch();
        return node;
    }

    /** Starts a stopped node again: same ports, flags and WAL directory; waits until it answers. */
    void restart(NodeProcess node) throws IOException, InterruptedException {
        node.launch();
        awaitReady(node);
    }

    List<NodeProcess> nodes() {
        return List.copyOf(nodes);
    }

    List<NodeProcess> liveNodes() {
        return nodes.stream().filter(JavaProcess::isAlive).toList();
    }

    /** Polls /health until it answers 200 "OK...", failing at once if the process exits. */
    void awaitReady(JavaProcess process) {
        AtomicReference<HttpReply> lastReply = new AtomicReference<>();
        try {
            await(process + " answering /health")
                    .atMost(READY_TIMEOUT)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(READY_POLL)
                    // Nothing listens on its port until the JVM has started: connection refused.
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> healthy(process, lastReply));
        } catch (ConditionTimeoutException e) {
            // The last refused connection is the timeout's cause; an answer that was not OK, this.
            String last =
                    lastReply.get() == null ? "no answer" : lastReply.get().toString();
            throw new AssertionError(
                    e.getMessage() + " (last /health answer: " + last + "); log tail:\n"
                            + process.logTail(LOG_TAIL_LINES),
                    e);
        }
    }

    /**
     * Whether /health answers 200 "OK..."; a process that has exited fails the wait at once (an
     * error thrown by an Awaitility condition is not retried), as a {@link StartFailure}.
     */
    private boolean healthy(JavaProcess process, AtomicReference<HttpReply> lastReply)
            throws IOException, InterruptedException {
        if (!process.isAlive()) {
            // Let the last log lines reach the file.
            process.process().waitFor();
            String log = process.log();
            boolean portInUse = log.contains("Address already in use") || log.contains("BindException");
            throw new StartFailure(
                    process + " exited with code " + process.process().exitValue() + " before it was ready; log tail:\n"
                            + process.logTail(LOG_TAIL_LINES),
                    portInUse);
        }
        HttpReply reply = client.get(process.healthUri());
        lastReply.set(reply);
        return reply.status() == 200 && reply.line().startsWith("OK");
    }

    // ---- convergence -----------------------------------------------------------------------

    /**
     * Polls /counter on every live node until all report the same value, version and state digest
     * and the value is {@code expectedValue}; returns that reading. On timeout fails with every node's
     * last reading and the tail of every log.
     */
    CounterReading awaitConvergence(long expectedValue, Duration timeout) {
        return awaitConvergence("value " + expectedValue, r -> r.value() == expectedValue, timeout);
    }

    /** As {@link #awaitConvergence(long, Duration)} with any condition on the agreed reading. */
    CounterReading awaitConvergence(String expectation, Predicate<CounterReading> expected, Duration timeout) {
        AtomicReference<CounterReading> agreed = new AtomicReference<>();
        try {
            await("every live node reading " + expectation)
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(POLL)
                    .untilAsserted(() -> agreed.set(agreedReading(liveNodes(), expectation, expected)));
        } catch (ConditionTimeoutException e) {
            throw timedOut(e);
        }
        return agreed.get();
    }

    /**
     * The one reading of every node given; fails unless they all hold the same state (value,
     * version and digest: equal value and version alone can hide different states, issue 10)
     * and it is as expected.
     */
    CounterReading agreedReading(List<NodeProcess> nodes, String expectation, Predicate<CounterReading> expected)
            throws InterruptedException {
        Map<NodeProcess, CounterStateReading> readings = new LinkedHashMap<>();
        Map<NodeProcess, String> failures = new LinkedHashMap<>();
        for (NodeProcess node : nodes) {
            try {
                readings.put(node, CounterStateReading.fetch(client, node));
            } catch (IOException | AssertionError e) {
                failures.put(node, "no reading: " + e);
            }
        }
        assertThat(failures)
                .as("nodes without a reading (the others read %s)", readings)
                .isEmpty();
        assertThat(Set.copyOf(readings.values()))
                .as("distinct states of the nodes %s", readings)
                .hasSize(1);
        CounterReading agreed = readings.values().iterator().next().counter();
        assertThat(agreed).as("the reading every node agrees on").matches(expected, expectation);
        return agreed;
    }

    /** Polls /peers on every live node until each lists every other live node (and not itself). */
    void awaitFullPeerViews(Duration timeout) {
        try {
            await("every live node listing every other as its peer")
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(POLL)
                    .untilAsserted(this::assertFullPeerViews);
        } catch (ConditionTimeoutException e) {
            throw timedOut(e);
        }
    }

    private void assertFullPeerViews() throws InterruptedException {
        List<NodeProcess> live = liveNodes();
        Map<NodeProcess, String> views = new LinkedHashMap<>();
        Map<NodeProcess, String> expected = new LinkedHashMap<>();
        for (NodeProcess node : live) {
            expected.put(
                    node,
                    live.stream()
                            .filter(n -> n != node)
                            .map(NodeProcess::addr)
                            .sorted()
                            .toList()
                            .toString());
            try {
                views.put(node, client.peers(node).stream().sorted().toList().toString());
            } catch (IOException | AssertionError e) {
                views.put(node, "no answer: " + e);
            }
        }
        assertThat(views).as("/peers of every live node").isEqualTo(expected);
    }

    /** A failed wait's message followed by {@link #report()}, as the test's failure. */
    AssertionError timedOut(ConditionTimeoutException timeout) {
        return new AssertionError(timeout.getMessage() + "\n" + report(), timeout);
    }

    /** Every node's state and log tail, and the discovery server's, for failure messages. */
    String report() {
        StringBuilder out = new StringBuilder();
        List<JavaProcess> all = new ArrayList<>(nodes);
        if (discovery != null) {
            all.add(discovery);
        }
        for (JavaProcess process : all) {
            String state;
            if (process.isAlive()) {
                state = "running";
                if (process instanceof NodeProcess node) {
                    try {
                        state += ", " + client.counter(node);
                    } catch (IOException | AssertionError | InterruptedException e) {
                        state += ", /counter failed: " + e;
                    }
                }
            } else {
                state = process.exitDescription();
            }
            out.append("==== ")
                    .append(process)
                    .append(" (")
                    .append(state)
                    .append("), last ")
                    .append(LOG_TAIL_LINES)
                    .append(" log lines of ")
                    .append(process.logFile())
                    .append(":\n")
                    .append(process.logTail(LOG_TAIL_LINES))
                    .append('\n');
        }
        return out.toString();
    }

    @Override
    public void close() {
        for (NodeProcess node : nodes) {
            node.close();
        }
        if (discovery != null) {
            discovery.close();
        }
    }

    /** A process that exited before it was ready. */
    static final class StartFailure extends AssertionError {
        private static final long serialVersionUID = 1L;
        final boolean portInUse;

        StartFailure(String message, boolean portInUse) {
            super(message);
            this.portInUse = portInUse;
        }
    }
}
