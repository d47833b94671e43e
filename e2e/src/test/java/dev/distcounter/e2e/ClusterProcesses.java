package dev.distcounter.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A discovery server and counter nodes started from the real jars on free loopback ports, all
 * under one work directory (logs and WAL directories). Closing it SIGKILLs whatever still runs.
 */
final class ClusterProcesses implements AutoCloseable {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);
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
    void awaitReady(JavaProcess process) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (true) {
            if (!process.isAlive()) {
                // Let the last log lines reach the file.
                process.process().waitFor();
                String log = process.log();
                boolean portInUse = log.contains("Address already in use") || log.contains("BindException");
                throw new StartFailure(
                        process + " exited with code " + process.process().exitValue()
                                + " before it was ready; log tail:\n" + process.logTail(LOG_TAIL_LINES),
                        portInUse);
            }
            try {
                HttpReply reply = client.get(healthUri(process));
                if (reply.status() == 200 && reply.line().startsWith("OK")) {
                    return;
                }
                last = reply.toString();
            } catch (IOException e) {
                last = e.toString();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(process + " not ready within " + READY_TIMEOUT + " (last /health: " + last
                        + "); log tail:\n" + process.logTail(LOG_TAIL_LINES));
            }
            Thread.sleep(50);
        }
    }

    private static java.net.URI healthUri(JavaProcess process) {
        if (process instanceof NodeProcess node) {
            return node.uri("/health");
        }
        return ((DiscoveryProcess) process).uri("/health");
    }

    // ---- convergence -----------------------------------------------------------------------

    /**
     * Polls /counter on every live node until all report the same value and version and the
     * value is {@code expectedValue}; returns that reading. On timeout fails with every node's
     * last reading and the tail of every log.
     */
    CounterReading awaitConvergence(long expectedValue, Duration timeout) throws InterruptedException {
        return awaitConvergence("value " + expectedValue, r -> r.value() == expectedValue, timeout);
    }

    /** As {@link #awaitConvergence(long, Duration)} with any condition on the agreed reading. */
    CounterReading awaitConvergence(String expectation, Predicate<CounterReading> expected, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<NodeProcess, String> last = new LinkedHashMap<>();
        while (true) {
            last.clear();
            CounterReading agreed = null;
            boolean allAgree = true;
            List<NodeProcess> live = liveNodes();
            for (NodeProcess node : live) {
                try {
                    CounterReading reading = client.counter(node);
                    last.put(node, reading.toString());
                    if (agreed == null) {
                        agreed = reading;
                    } else if (!agreed.equals(reading)) {
                        allAgree = false;
                    }
                } catch (IOException | AssertionError e) {
                    last.put(node, "no reading: " + e);
                    allAgree = false;
                }
            }
            if (!live.isEmpty() && allAgree && agreed != null && expected.test(agreed)) {
                return agreed;
            }
            if (System.nanoTime() > deadline) {
                StringBuilder message = new StringBuilder(
                        "nodes did not converge to " + expectation + " within " + timeout + "; last readings:\n");
                last.forEach((node, reading) -> message.append("  ")
                        .append(node)
                        .append(": ")
                        .append(reading)
                        .append('\n'));
                message.append(report());
                throw new AssertionError(message.toString());
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Polls /peers on every live node until each lists every other live node (and not itself). */
    void awaitFullPeerViews(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<NodeProcess, String> last = new LinkedHashMap<>();
        while (true) {
            last.clear();
            boolean full = true;
            List<NodeProcess> live = liveNodes();
            for (NodeProcess node : live) {
                List<String> expected = live.stream()
                        .filter(n -> n != node)
                        .map(NodeProcess::addr)
                        .sorted()
                        .toList();
                try {
                    List<String> peers = client.peers(node).stream().sorted().toList();
                    last.put(node, peers.toString());
                    full &= peers.equals(expected);
                } catch (IOException | AssertionError e) {
                    last.put(node, "no answer: " + e);
                    full = false;
                }
            }
            if (full) {
                return;
            }
            if (System.nanoTime() > deadline) {
                StringBuilder message = new StringBuilder("peer views not complete within " + timeout + ":\n");
                last.forEach((node, peers) -> message.append("  ")
                        .append(node)
                        .append(": ")
                        .append(peers)
                        .append('\n'));
                message.append(report());
                throw new AssertionError(message.toString());
            }
            Thread.sleep(POLL.toMillis());
        }
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
