package dev.distcounter.node.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.distcounter.common.GoDuration;
import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.auth.ClusterKey;
import dev.distcounter.common.auth.ClusterKeyFile;
import dev.distcounter.common.protocol.FrameCodec;
import dev.distcounter.node.MemberConfig;
import dev.distcounter.node.NodeConfig;
import dev.distcounter.node.antientropy.AntiEntropyConfig;
import dev.distcounter.node.election.ElectionConfig;
import dev.distcounter.node.election.TermBound;
import dev.distcounter.node.gossip.GossipConfig;
import dev.distcounter.node.handoff.HintConfig;
import dev.distcounter.node.http.HttpConfig;
import dev.distcounter.node.membership.MemberCap;
import dev.distcounter.node.membership.MembershipConfig;
import dev.distcounter.node.replication.KeyspaceConfig;
import dev.distcounter.node.storage.StorageConfig;
import dev.distcounter.node.transport.ChaosSettings;
import dev.distcounter.node.transport.TransportConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The node's command line: every flag of the original with its name and default, in Go's
 * syntax ({@code --sync=500ms}, {@code --wal=false}, {@code -addr=...}), plus a few more.
 * {@link #toConfig()} turns it into a {@link NodeConfig}, or a usage error (exit code 2).
 */
@Command(
        name = "counter-node",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "A distributed counter and key-value node: PUSH/PULL gossip over TCP, a write-ahead log, an"
                + " HTTP API (/increment, /decrement, /counter, /peers, /health, /kv/put, /kv/get/KEY).",
        footer = {
            "",
            "Durations use Go syntax (500ms, 2s, 1m30s). Booleans take --wal=false. Single-dash Go-style flags "
                    + "(-addr=localhost:9001) work too, and GoDist's: -id node-1 -seed host:port -N 3 -R 2 -W 2"
                    + " -vnodes 16.",
            "Exit codes: 0 clean stop (SIGTERM/SIGINT), 1 failed to start, 2 bad command line."
        })
public final class CounterNodeCommand {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--addr",
            defaultValue = "localhost:9000",
            converter = Converters.AddressConverter.class,
            description = "TCP address for node communication (default: ${DEFAULT-VALUE})")
    NodeAddress addr;

    @Option(
            names = "--discovery",
            defaultValue = "localhost:8000",
            description = "Discovery server address, or none (default: ${DEFAULT-VALUE})")
    String discovery;

    @Option(
            names = "--seeds",
            defaultValue = "",
            split = ",",
            description = "Peers to contact at start, host:port,...: join without a discovery server")
    List<String> seeds;

    @Option(
            names = {"--seed", "-seed"},
            paramLabel = "HOST:PORT",
            description = "The gossip address of a node to join (GoDist's -seed); repeatable, added to --seeds")
    List<String> seed = new ArrayList<>();

    @Option(
            names = "--sync",
            defaultValue = "2s",
            converter = Converters.GoDurationConverter.class,
            description = "Gossip sync interval (default: 2s)")
    Duration sync;

    @Option(
            names = "--max-peers",
            defaultValue = "2",
            description = "Maximum number of peers to sync with in each round (default: ${DEFAULT-VALUE})")
    int maxPeers;

    @Option(
            names = "--heartbeat",
            defaultValue = "1s",
            converter = Converters.GoDurationConverter.class,
            description = "Heartbeat interval, to peers and to the discovery server (polled for peers) (default: 1s)")
    Duration heartbeat;

    @Option(
            names = "--suspect-after",
            defaultValue = "3s",
            converter = Converters.GoDurationConverter.class,
            description = "A peer silent this long is suspect (default: 3s)")
    Duration suspectAfter;

    @Option(
            names = "--dead-after",
            defaultValue = "10s",
            converter = Converters.GoDurationConverter.class,
            description = "A peer silent this long is dead: left out of gossip and election (default: 10s)")
    Duration deadAfter;

    @Option(
            names = "--max-fails",
            defaultValue = "5",
            description = "Failed connection attempts in a row that make a peer suspect at once "
                    + "(default: ${DEFAULT-VALUE})")
    int maxFails;

    @Option(
            names = "--failure-timeout",
            defaultValue = "30s",
            converter = Converters.GoDurationConverter.class,
            description = "A dead peer neither heard from nor listed for this long is forgotten (default: 30s)")
    Duration failureTimeout;

    @Option(
            names = "--max-members",
            defaultValue = "256",
            description = "Rows of the membership table; at most a quarter are hints (peers told of, never heard"
                    + " from), and a peer heard from takes a hint's row; beyond, new peers are refused"
                    + " (default: ${DEFAULT-VALUE})")
    int maxMembers;

    @Option(
            names = "--node-id",
            defaultValue = "-1",
            description = "This node's rank in leader election; the highest live id leads (default: the number -id ends"
                    + " with, else the port of --addr)")
    long nodeId;

    @Option(
            names = {"--id", "-id"},
            paramLabel = "NAME",
            description = "A name such as node-1 (GoDist's -id): this node's rank in leader election is the number"
                    + " it ends with, so node-10 ranks above node-9; --node-id overrides it")
    String id;

    @Option(
            names = "--election-timeout",
            defaultValue = "1s",
            converter = Converters.GoDurationConverter.class,
            description = "How long a candidate waits for a higher node to answer (default: 1s)")
    Duration electionTimeout;

    @Option(
            names = "--max-term-ahead",
            defaultValue = "1000",
            description = "Election terms from peers more than this above this node's are refused as forged"
                    + " (a node that has no term yet takes any up to 2^53) (default: ${DEFAULT-VALUE})")
    long maxTermAhead;

    @Option(
            names = "-N",
            paramLabel = "N",
            defaultValue = "" + KeyspaceConfig.DEFAULT_REPLICAS,
            description = "Key-value store: copies of each key (default: ${DEFAULT-VALUE})")
    int replicas;

    @Option(
            names = "-R",
            paramLabel = "R",
            defaultValue = "" + KeyspaceConfig.DEFAULT_QUORUM,
            description = "Replies a key-value read waits for, 1 to N; with R+W>N a read sees every write"
                    + " acknowledged before it started (default: ${DEFAULT-VALUE})")
    int readQuorum;

    @Option(
            names = "-W",
            paramLabel = "W",
            defaultValue = "" + KeyspaceConfig.DEFAULT_QUORUM,
            description = "Replicas that must hold a key-value write durably before it is acknowledged, 1 to N"
                    + " (default: ${DEFAULT-VALUE})")
    int writeQuorum;

    @Option(
            names = {"--vnodes", "-vnodes"},
            defaultValue = "" + KeyspaceConfig.DEFAULT_VNODES,
            description = "Points of each member on the key-value ring, 1 to 1024 (default: ${DEFAULT-VALUE})")
    int vnodes;

    @Option(
            names = "--kv-timeout",
            defaultValue = "1s",
            converter = Converters.GoDurationConverter.class,
            description =
                    "How long a key-value coordinator waits for replicas in each phase of a request" + " (default: 1s)")
    Duration kvTimeout;

    @Option(
            names = "--hint-max-per-target",
            defaultValue = "" + HintConfig.DEFAULT_MAX_PER_TARGET,
            description = "Hints a key-value coordinator keeps for one replica that missed writes; past it the"
                    + " oldest are dropped (default: ${DEFAULT-VALUE})")
    int hintMaxPerTarget;

    @Option(
            names = "--hint-max-bytes-per-target",
            defaultValue = "64MiB",
            converter = Converters.ByteSizeConverter.class,
            description = "Bytes of hints a key-value coordinator keeps for one replica, in bytes or with a unit;"
                    + " past it the oldest are dropped (default: 64MiB)")
    long hintMaxBytesPerTarget;

    @Option(
            names = "--hint-window",
            defaultValue = "3h",
            converter = Converters.GoDurationConverter.class,
            description =
                    "How long a hint for a replica that missed a write is kept before it is dropped" + " (default: 3h)")
    Duration hintWindow;

    @Option(
            names = "--hint-replay-rate",
            defaultValue = "" + HintConfig.DEFAULT_REPLAY_RATE,
            description = "Hints sent per second to one replica that is back, so it is not flooded"
                    + " (default: ${DEFAULT-VALUE})")
    int hintReplayRate;

    @Option(
            names = "--sloppy-quorum",
            defaultValue = "false",
            arity = "0..1",
            fallbackValue = "true",
            description = "When fewer than W of a key's replicas are up, let the next nodes of the ring hold the"
                    + " write for them as hints: writes stay available, but R+W>N no longer means a read sees"
                    + " every acknowledged write (default: ${DEFAULT-VALUE})")
    boolean sloppyQuorum;

    @Option(
            names = "--kv-anti-entropy",
            defaultValue = "10s",
            converter = Converters.GoDurationConverter.class,
            description = "How often a node compares its hash trees with each replica it shares ranges with;"
                    + " 0 turns anti-entropy and tombstone collection off (default: 10s)")
    Duration kvAntiEntropy;

    @Option(
            names = "--kv-anti-entropy-rate",
            defaultValue = "" + AntiEntropyConfig.DEFAULT_RATE,
            description = "Keys a second a node sends replicas that missed them, at most (default: ${DEFAULT-VALUE})")
    int kvAntiEntropyRate;

    @Option(
            names = "--kv-tombstone-grace",
            converter = Converters.GoDurationConverter.class,
            description = "How old a tombstone must be before it may be dropped (once every replica holds it);"
                    + " longer than --hint-window (default: the hint window + 1h)")
    Duration kvTombstoneGrace;

    @Option(
            names = "--kv-stream-rate",
            defaultValue = "" + KeyspaceConfig.DEFAULT_STREAM_RATE,
            description = "Keys sent per second to new replicas when the ring changes (a join, a leave, a"
                    + " removal) (default: ${DEFAULT-VALUE})")
    int kvStreamRate;

    @Option(
            names = "--chaos",
            defaultValue = "false",
            arity = "0..1",
            fallbackValue = "true",
            description = "Drop and delay outbound frames, heartbeats included (default: ${DEFAULT-VALUE})")
    boolean chaos;

    @Option(
            names = "--chaos-drop",
            defaultValue = "0.1",
            description = "With --chaos: probability that a frame is dropped (default: ${DEFAULT-VALUE})")
    double chaosDrop;

    @Option(
            names = "--chaos-delay",
            defaultValue = "0s-100ms",
            description = "With --chaos: delay added to each frame, a duration or a range (default: ${DEFAULT-VALUE})")
    String chaosDelay;

    @Option(
            names = "--chaos-seed",
            description = "Seed of the fault decisions, logged at start; the same seed gives the same faults "
                    + "(default: random)")
    Long chaosSeed;

    @Option(
            names = "--admin-token",
            defaultValue = "",
            description = "Admin endpoints (/admin/chaos) need this token, from any address; prefer"
                    + " --admin-token-file, which keeps the token out of the process list")
    String adminToken;

    @Option(
            names = "--cluster-key-file",
            paramLabel = "FILE",
            defaultValue = "${env:" + ClusterKeyFile.ENVIRONMENT_VARIABLE + "}",
            description = "The cluster key: frames and discovery requests are signed with it, and only frames"
                    + " signed by a key holder are accepted. One line, 32 random bytes in base64 (make one with"
                    + " cluster-tool.jar keys generate FILE). Default: the file named by $"
                    + ClusterKeyFile.ENVIRONMENT_VARIABLE + "; without either, frames are not authenticated")
    String clusterKeyFile;

    @Option(
            names = "--admin-token-file",
            description = "File holding the admin token (one line; keep it mode 600): admin endpoints need it")
    Path adminTokenFile;

    @Option(
            names = "--admin-loopback",
            defaultValue = "false",
            arity = "0..1",
            fallbackValue = "true",
            description = "Without a token, let admin endpoints answer requests from loopback, that is any local"
                    + " user; without a token or this they answer nobody (default: ${DEFAULT-VALUE})")
    boolean adminLoopback;

    @Option(
            names = "--wal",
            defaultValue = "true",
            arity = "0..1",
            fallbackValue = "true",
            description = "Enable the write-ahead log (default: ${DEFAULT-VALUE})")
    boolean wal;

    @Option(
            names = "--wal-fsync",
            defaultValue = "true",
            arity = "0..1",
            fallbackValue = "true",
            description = "fsync the WAL before acknowledging a write; false acknowledges once the OS has it and "
                    + "fsyncs every 500ms (default: ${DEFAULT-VALUE})")
    boolean walFsync;

    @Option(
            names = "--wal-dir",
            defaultValue = "",
            description = "WAL directory (default: data/wal/node-<port of --addr>)")
    String walDir;

    @Option(
            names = "--wal-max-size",
            defaultValue = "64MiB",
            converter = Converters.ByteSizeConverter.class,
            description = "WAL segment size before rotation, in bytes or with a unit; any size from 1 byte"
                    + " (default: 64MiB)")
    long walMaxSize;

    @Option(
            names = "--http-port",
            defaultValue = "0",
            description = "HTTP port for the API (default: derived from the node port: 8010 + (port - 9000))")
    int httpPort;

    @Option(
            names = "--http-bind",
            defaultValue = "0.0.0.0",
            description = "Interface the HTTP API listens on (default: ${DEFAULT-VALUE}, all, as the original)")
    String httpBind;

    @Option(
            names = "--http-threads",
            defaultValue = "8",
            description = "Threads that parse requests and send answers; a write waiting for the WAL holds none"
                    + " (default: ${DEFAULT-VALUE})")
    int httpThreads;

    @Option(
            names = "--http-readers",
            defaultValue = "256",
            description = "Most requests being read at once; a slow client holds one reader, never a --http-threads"
                    + " thread; a request arriving when all are busy is closed (default: ${DEFAULT-VALUE})")
    int httpReaders;

    @Option(
            names = "--http-read-timeout",
            defaultValue = "5s",
            converter = Converters.GoDurationConverter.class,
            description = "A request whose headers and body have not arrived this long after its first byte is"
                    + " cut off (default: 5s)")
    Duration httpReadTimeout;

    @Option(
            names = "--write-timeout",
            defaultValue = "10s",
            converter = Converters.GoDurationConverter.class,
            description = "How long a write waits for the WAL before answering 503, outcome unknown (default: 10s)")
    Duration writeTimeout;

    @Option(
            names = "--push-fanout",
            defaultValue = "8",
            description = "Peers a local update is pushed to at once (default: ${DEFAULT-VALUE})")
    int pushFanout;

    @Option(
            names = "--push-interval",
            defaultValue = "2ms",
            converter = Converters.GoDurationConverter.class,
            description = "Least time between two pushes; updates in between are coalesced (default: 2ms)")
    Duration pushInterval;

    @Option(
            names = "--max-replicas",
            defaultValue = "1024",
            description = "Replica entries the counter state takes from peers; one is added at every start of every"
                    + " node; new ones beyond are refused (default: ${DEFAULT-VALUE})")
    int maxReplicas;

    @Option(
            names = "--wal-snapshot-every",
            defaultValue = "100000",
            description =
                    "WAL records between snapshots, which bound disk use and restart time (default: ${DEFAULT-VALUE})")
    long snapshotEvery;

    @Option(
            names = "--wal-repair",
            defaultValue = "false",
            arity = "0..1",
            fallbackValue = "true",
            description = "On damage in the middle of the WAL, truncate there (keeping a copy in quarantine/) "
                    + "instead of refusing to start (default: ${DEFAULT-VALUE})")
    boolean walRepair;

    @Option(
            names = "--log-level",
            defaultValue = "INFO",
            description = "ERROR, WARN, INFO, DEBUG or TRACE (default: ${DEFAULT-VALUE})")
    String logLevel;

    /** The configuration these flags describe; a value out of range is a usage error. */
    public NodeConfig toConfig() {
        try {
            if (httpPort < 0 || httpPort > 65535) {
                throw new IllegalArgumentException("--http-port " + httpPort + " is outside 1..65535");
            }
            int port = httpPort != 0 ? httpPort : 8010 + (addr.port() - 9000);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(
                        "HTTP port " + port + " derived from --addr is outside 1..65535;" + " set --http-port");
            }
            positive(writeTimeout, "--write-timeout");
            positive(httpReadTimeout, "--http-read-timeout");
            String token = AdminTokenFile.token(adminToken, adminTokenFile);
            if (!token.isEmpty() && adminLoopback) {
                throw new IllegalArgumentException("--admin-loopback and an admin token exclude each other: with a"
                        + " token, every admin request needs it");
            }
            // Any positive size, as the original took: a record that does not fit goes alone into
            // a segment of its own.
            if (walMaxSize < 1) {
                throw new IllegalArgumentException("--wal-max-size must be at least 1 byte, not " + walMaxSize);
            }
            if (snapshotEvery < 1) {
                throw new IllegalArgumentException("--wal-snapshot-every must be at least 1");
            }
            Path dir = Path.of(walDir.isEmpty() ? "data/wal/node-" + addr.port() : walDir);
            Optional<NodeAddress> discoveryServer = discovery.isBlank() || discovery.equals("none")
                    ? Optional.empty()
                    : Optional.of(parseAddress(discovery, "--discovery"));
            List<NodeAddress> seedList = new ArrayList<>();
            for (String given : seeds) {
                if (!given.isBlank()) {
                    seedList.add(parseAddress(given.trim(), "--seeds"));
                }
            }
            for (String given : seed) {
                NodeAddress address = parseAddress(given.trim(), "-seed");
                if (!seedList.contains(address)) {
                    seedList.add(address);
                }
            }
            KeyspaceConfig keyspace = new KeyspaceConfig(
                    replicas,
                    readQuorum,
                    writeQuorum,
                    vnodes,
                    kvTimeout,
                    new HintConfig(hintMaxPerTarget, hintMaxBytesPerTarget, hintWindow, hintReplayRate),
                    new AntiEntropyConfig(
                            kvAntiEntropy,
                            kvAntiEntropyRate,
                            kvTombstoneGrace != null
                                    ? kvTombstoneGrace
                                    : AntiEntropyConfig.defaults(hintWindow).tombstoneGrace()),
                    sloppyQuorum,
                    kvStreamRate);
            MembershipConfig membership = new MembershipConfig(
                    heartbeat, suspectAfter, deadAfter, maxFails, failureTimeout, new MemberCap(maxMembers));
            // Checked even without --chaos, so a mistyped value is caught before it is needed.
            Duration[] delay = ChaosSettings.parseDelay(chaosDelay);
            ChaosSettings requested = new ChaosSettings(chaosDrop, delay[0], delay[1], java.util.Set.of());
            ChaosSettings chaosSettings = chaos ? requested : ChaosSettings.NONE;
            MemberConfig member = new MemberConfig(
                    addr,
                    new GossipConfig(
                            sync, maxPeers, pushFanout, pushInterval, maxReplicas, FrameCodec.DEFAULT_MAX_PAYLOAD),
                    membership,
                    ElectionConfig.forHeartbeat(rank(), heartbeat, electionTimeout, new TermBound(maxTermAhead)),
                    chaosSettings,
                    chaosSeed != null ? chaosSeed : new SecureRandom().nextLong(),
                    keyspace);
            Optional<ClusterKey> clusterKey = clusterKeyFile == null || clusterKeyFile.isBlank()
                    ? Optional.empty()
                    : Optional.of(readKey(Path.of(clusterKeyFile)));
            return new NodeConfig(
                    member,
                    discoveryServer,
                    seedList,
                    new StorageConfig(wal, walFsync, dir, walMaxSize, snapshotEvery, walRepair),
                    new HttpConfig(
                            httpBind,
                            port,
                            httpThreads,
                            writeTimeout,
                            token,
                            adminLoopback,
                            httpReaders,
                            httpReadTimeout),
                    new TransportConfig(
                            addr,
                            FrameCodec.DEFAULT_MAX_PAYLOAD,
                            Duration.ofSeconds(1),
                            256,
                            256,
                            Duration.ofSeconds(60)),
                    clusterKey);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * This node's rank in leader election: {@code --node-id}; else the number {@code -id} ends
     * with, compared as a number so that node-10 ranks above node-9; else the port of {@code --addr}.
     */
    private long rank() {
        if (nodeId != -1 || id == null) {
            return nodeId == -1 ? addr.port() : nodeId;
        }
        int digits = id.length();
        while (digits > 0 && id.charAt(digits - 1) >= '0' && id.charAt(digits - 1) <= '9') {
            digits--;
        }
        if (digits == id.length()) {
            throw new IllegalArgumentException("-id " + id + " does not end with a number, which ranks the node in"
                    + " leader election: name it like node-1, or give --node-id");
        }
        try {
            return Long.parseLong(id.substring(digits));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "-id " + id + " ends with a number too large to rank the node by;" + " give --node-id");
        }
    }

    private static ClusterKey readKey(Path file) {
        try {
            return ClusterKeyFile.read(file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--cluster-key-file: " + e.getMessage(), e);
        }
    }

    private static NodeAddress parseAddress(String text, String flag) {
        try {
            return NodeAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage());
        }
    }

    private static void positive(Duration d, String flag) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(flag + " must be positive, not " + GoDuration.format(d));
        }
    }

    /** Applies {@code --log-level} to the root logger. */
    void applyLogLevel() {
        Level level = Level.toLevel(logLevel.toUpperCase(Locale.ROOT), null);
        if (level == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--log-level must be one of ERROR, WARN, INFO, DEBUG," + " TRACE, not " + logLevel);
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(level);
    }
}
