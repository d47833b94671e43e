package dev.distcounter.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.auth.ClusterKey;
import dev.distcounter.common.auth.ClusterKeyFile;
import dev.distcounter.node.NodeConfig;
import dev.distcounter.node.handoff.HintConfig;
import dev.distcounter.node.replication.KeyspaceConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Guarantees: docs/guarantees.md §6. */
class CounterNodeCommandTest {

    static NodeConfig parse(String... args) {
        CommandLine cli = CounterNodeMain.commandLine();
        cli.parseArgs(CounterNodeMain.normalize(cli, args));
        return cli.<CounterNodeCommand>getCommand().toConfig();
    }

    @Test
    void defaultsAreTheOriginals() {
        NodeConfig c = parse();
        assertThat(c.address()).isEqualTo(NodeAddress.parse("localhost:9000"));
        assertThat(c.discovery()).hasValue(NodeAddress.parse("localhost:8000"));
        assertThat(c.seeds()).isEmpty();
        assertThat(c.member().gossip().syncInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.member().gossip().maxPeers()).isEqualTo(2);
        assertThat(c.member().membership().heartbeat()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.member().membership().suspectAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.member().membership().deadAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.member().election().nodeId()).isEqualTo(9000);
        assertThat(c.member().chaos().none()).isTrue();
        assertThat(c.http().adminToken()).isEmpty();
        assertThat(c.http().adminLoopback())
                .as("admin answers nobody by default")
                .isFalse();
        assertThat(c.http().readers()).isEqualTo(256);
        assertThat(c.http().readTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.member().membership().maxFails()).isEqualTo(5);
        assertThat(c.member().membership().failureTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.storage().enabled()).isTrue();
        assertThat(c.storage().fsync()).isTrue();
        assertThat(c.storage().dir()).isEqualTo(Path.of("data/wal/node-9000"));
        assertThat(c.storage().maxSegmentBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(c.http().port()).isEqualTo(8010);
    }

    /** Promise 8: the cap on replica entries has a documented default and a flag. */
    @Test
    void maxReplicasDefaultsTo1024AndIsAFlag() {
        assertThat(parse().member().gossip().maxReplicas()).isEqualTo(1024);
        assertThat(parse().member().gossip().maxStateBytes())
                .as("the frame payload limit")
                .isEqualTo((1 << 20) + (64 << 10));
        assertThat(parse("--max-replicas=100000").member().gossip().maxReplicas())
                .isEqualTo(100_000);
    }

    /** What a stranger can make a node hold through gossip: documented defaults, each a flag. */
    @Test
    void maxMembersAndMaxTermAheadHaveDefaultsAndAreFlags() {
        assertThat(parse().member().membership().cap().maxMembers()).isEqualTo(256);
        assertThat(parse("--max-members=2000").member().membership().cap().maxMembers())
                .isEqualTo(2000);
        assertThat(parse().member().election().termBound().maxAhead()).isEqualTo(1000);
        assertThat(parse("--max-term-ahead=50").member().election().termBound().maxAhead())
                .isEqualTo(50);
    }

    @ParameterizedTest(name = "--addr {0} gives HTTP port {1}")
    @CsvSource({"localhost:9000, 8010", "localhost:9001, 8011", "localhost:9004, 8014", "localhost:9100, 8110"})
    void httpPortIsDerivedAsTheOriginalDoes(String addr, int http) {
        assertThat(parse("--addr=" + addr).http().port()).isEqualTo(http);
        assertThat(parse("--addr=" + addr, "--http-port=7000").http().port()).isEqualTo(7000);
    }

    @Test
    void goSyntaxWorks() {
        NodeConfig c = parse(
                "-addr=localhost:9002",
                "--sync=500ms",
                "--wal=false",
                "-wal-fsync=false",
                "--max-peers",
                "3",
                "--failure-timeout=1m30s",
                "--wal-max-size=1048576",
                "--wal-dir=/tmp/x");
        assertThat(c.address().port()).isEqualTo(9002);
        assertThat(c.member().gossip().syncInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.storage().enabled()).isFalse();
        assertThat(c.storage().fsync()).isFalse();
        assertThat(c.member().gossip().maxPeers()).isEqualTo(3);
        assertThat(c.member().membership().failureTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.storage().maxSegmentBytes()).isEqualTo(1 << 20);
        assertThat(c.storage().dir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(parse("--wal").storage().enabled()).isTrue();
        assertThat(parse("--wal-max-size=64MiB").storage().maxSegmentBytes()).isEqualTo(64L << 20);
    }

    @Test
    void membershipElectionAndChaosFlags() {
        NodeConfig c = parse(
                "--discovery=none",
                "--seeds=localhost:9001,localhost:9002",
                "--suspect-after=2s",
                "--dead-after=5s",
                "--node-id=42",
                "--election-timeout=500ms",
                "--chaos",
                "--chaos-drop=0.3",
                "--chaos-delay=10ms-50ms",
                "--chaos-seed=7",
                "--admin-token=secret");
        assertThat(c.discovery()).isEmpty();
        assertThat(c.seeds()).containsExactly(NodeAddress.parse("localhost:9001"), NodeAddress.parse("localhost:9002"));
        assertThat(c.member().membership().suspectAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.member().membership().deadAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.member().election().nodeId()).isEqualTo(42);
        assertThat(c.member().election().answerTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.member().chaos().drop()).isEqualTo(0.3);
        assertThat(c.member().chaos().minDelay()).isEqualTo(Duration.ofMillis(10));
        assertThat(c.member().chaos().maxDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.member().chaosSeed()).isEqualTo(7);
        assertThat(c.http().adminToken()).isEqualTo("secret");
        assertThat(parse("--chaos-drop=0.9").member().chaos().none())
                .as("no --chaos: no faults")
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "--sync=abc",
                "--sync=0s",
                "--max-peers=0",
                "--addr=nope",
                "--addr=localhost:70000",
                "--wal-max-size=lots",
                "--http-port=70000",
                "--bogus",
                "--max-fails=0",
                "--heartbeat=-1s",
                "--wal=maybe",
                "--addr=localhost:1",
                "--log-level=LOUD",
                "stray",
                "--seeds=nope",
                "--discovery=x",
                "--dead-after=1s",
                "--chaos-drop=2",
                "--chaos-delay=5ms-1ms",
                "--node-id=-5",
                "--max-replicas=0",
                "--max-members=0",
                "--max-term-ahead=0"
            })
    void badFlagsAreUsageErrors(String flag) {
        StringWriter err = new StringWriter();

        int code = usageErrorOf(flag, err);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .as("one line, no usage dump")
                .startsWith("counter-node: ")
                .endsWith(" See 'counter-node --help'.\n")
                .hasLineCount(1)
                .doesNotContain("Usage");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--wal-fsnc=false | counter-node: Unknown option: '--wal-fsnc=false'; did you mean --wal-fsync?"
                        + " See 'counter-node --help'.",
                "-wal-fsnc=false  | counter-node: Unknown option: '-wal-fsnc=false'; did you mean --wal-fsync?"
                        + " See 'counter-node --help'.",
                "--http-prot=8011 | counter-node: Unknown option: '--http-prot=8011'; did you mean --http-port?"
                        + " See 'counter-node --help'.",
                "--bogus          | counter-node: Unknown option: '--bogus'. See 'counter-node --help'.",
                "--sync           | counter-node: Missing required parameter for option '--sync' (<sync>)."
                        + " See 'counter-node --help'.",
                "--wal-max-size=0 | counter-node: --wal-max-size must be at least 1 byte, not 0."
                        + " See 'counter-node --help'."
            })
    void usageErrorsAreOneLineWithTheFlagProbablyMeant(String flag, String line) {
        StringWriter err = new StringWriter();

        assertThat(usageErrorOf(flag, err)).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(line + "\n");
    }

    /** What CounterNodeMain does with a command line, up to the configuration; 0 if it is fine. */
    private static int usageErrorOf(String flag, StringWriter err) {
        CommandLine cli = CounterNodeMain.commandLine();
        try {
            cli.parseArgs(CounterNodeMain.normalize(cli, new String[] {flag}));
            CounterNodeCommand command = cli.getCommand();
            command.applyLogLevel();
            command.toConfig();
            return 0;
        } catch (CommandLine.ParameterException e) {
            return CounterNodeMain.usageError(e, new PrintWriter(err));
        }
    }

    @Test
    void theKeyspaceDefaultsAreGoDists() {
        KeyspaceConfig keyspace = parse().member().keyspace();
        assertThat(keyspace).isEqualTo(new KeyspaceConfig(3, 2, 2, 16, Duration.ofSeconds(1)));
        assertThat(keyspace.quorumsOverlap()).isTrue();
    }

    /** GoDist's command line, as its README starts a node, works unchanged (but for -addr, which is ours). */
    @Test
    void godistsFlagsWorkAsItSpellsThem() {
        NodeConfig c = parse(
                "-id",
                "node-2",
                "-seed",
                "127.0.0.1:8081",
                "-N",
                "3",
                "-R",
                "2",
                "-W",
                "2",
                "--chaos",
                "-vnodes",
                "32");
        assertThat(c.member().election().nodeId()).isEqualTo(2);
        assertThat(c.seeds()).containsExactly(NodeAddress.parse("127.0.0.1:8081"));
        assertThat(c.member().keyspace()).isEqualTo(new KeyspaceConfig(3, 2, 2, 32, Duration.ofSeconds(1)));
        assertThat(c.member().chaos().none()).isFalse();
    }

    @Test
    void eachKeyspaceFlagInEverySpelling() {
        assertThat(parse("-N", "5").member().keyspace().replicas()).isEqualTo(5);
        assertThat(parse("-N=5").member().keyspace().replicas()).isEqualTo(5);
        assertThat(parse("-N5").member().keyspace().replicas()).isEqualTo(5);
        assertThat(parse("-N=5", "-R=4").member().keyspace().readQuorum()).isEqualTo(4);
        assertThat(parse("-N", "5", "-W", "1").member().keyspace().writeQuorum())
                .isEqualTo(1);
        for (String[] vnodes :
                new String[][] {{"-vnodes", "64"}, {"-vnodes=64"}, {"--vnodes", "64"}, {"--vnodes=64"}}) {
            assertThat(parse(vnodes).member().keyspace().vnodes())
                    .as(String.join(" ", vnodes))
                    .isEqualTo(64);
        }
        assertThat(parse("--kv-timeout=250ms").member().keyspace().timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(parse("-kv-timeout", "2s").member().keyspace().timeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void hintFlagsDefaultAndParse() {
        assertThat(parse().member().keyspace().hints()).isEqualTo(HintConfig.defaults());
        assertThat(HintConfig.defaults())
                .isEqualTo(new HintConfig(10_000, 64L * 1024 * 1024, Duration.ofHours(3), 200));
        HintConfig hints = parse(
                        "--hint-max-per-target=500",
                        "--hint-max-bytes-per-target=1MiB",
                        "--hint-window=90m",
                        "--hint-replay-rate",
                        "50")
                .member()
                .keyspace()
                .hints();
        assertThat(hints).isEqualTo(new HintConfig(500, 1024 * 1024, Duration.ofMinutes(90), 50));
    }

    @Test
    void sloppyQuorumIsOffUnlessAsked() {
        assertThat(parse().member().keyspace().sloppyQuorum()).isFalse();
        assertThat(parse("--sloppy-quorum").member().keyspace().sloppyQuorum()).isTrue();
        assertThat(parse("--sloppy-quorum=false").member().keyspace().sloppyQuorum())
                .isFalse();
    }

    @Test
    void theStreamRateDefaultsAndParses() {
        assertThat(parse().member().keyspace().streamRate()).isEqualTo(KeyspaceConfig.DEFAULT_STREAM_RATE);
        assertThat(parse("--kv-stream-rate=300").member().keyspace().streamRate())
                .isEqualTo(300);
    }

    @Test
    void quorumsThatDoNotOverlapAreAllowed() {
        KeyspaceConfig keyspace = parse("-N=3", "-R=1", "-W=1").member().keyspace();
        assertThat(keyspace.quorumsOverlap()).isFalse();
    }

    @Test
    void seedsAddUpAcrossFlagsWithoutDuplicates() {
        assertThat(parse("-seed", "localhost:9001", "--seed=localhost:9002", "--seeds=localhost:9003,localhost:9001")
                        .seeds())
                .containsExactly(
                        NodeAddress.parse("localhost:9003"),
                        NodeAddress.parse("localhost:9001"),
                        NodeAddress.parse("localhost:9002"));
    }

    /** The rank is the number an -id ends with, compared as a number: node-10 ranks above node-9. */
    @ParameterizedTest(name = "-id {0} ranks {1}")
    @CsvSource({"node-1, 1", "node-9, 9", "node-10, 10", "node-007, 7", "42, 42", "db2-node-3, 3"})
    void theRankIsTheNumberTheIdEndsWith(String id, long rank) {
        assertThat(parse("-id", id).member().election().nodeId()).isEqualTo(rank);
        assertThat(parse("--id=" + id).member().election().nodeId()).isEqualTo(rank);
    }

    @Test
    void node10RanksAboveNode9AndNodeIdOverridesTheId() {
        assertThat(parse("-id", "node-10").member().election().nodeId())
                .isGreaterThan(parse("-id", "node-9").member().election().nodeId());
        assertThat(parse("-id", "node-10", "--node-id=3").member().election().nodeId())
                .isEqualTo(3);
        assertThat(parse("-id", "primary", "--node-id=3").member().election().nodeId())
                .as("no number needed with --node-id")
                .isEqualTo(3);
        assertThat(parse("-addr=localhost:9004").member().election().nodeId())
                .as("neither: the port")
                .isEqualTo(9004);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "-N=0 | counter-node: -N must be at least 1, not 0.",
                "-R=4 | counter-node: -R must be between 1 and -N (3), not 4.",
                "-R=0 | counter-node: -R must be between 1 and -N (3), not 0.",
                "-W=4 | counter-node: -W must be between 1 and -N (3), not 4.",
                "-W=-1 | counter-node: -W must be between 1 and -N (3), not -1.",
                "-vnodes=0 | counter-node: -vnodes must be between 1 and 1024, not 0.",
                "--kv-timeout=0s | counter-node: --kv-timeout must be positive.",
                "--hint-window=0s | counter-node: --hint-window must be positive.",
                "--hint-replay-rate=0 | counter-node: --hint-replay-rate must be at least 1, not 0.",
                "--kv-stream-rate=0 | counter-node: --kv-stream-rate must be at least 1, not 0.",
                "--hint-max-per-target=0 | counter-node: --hint-max-per-target must be at least 1, not 0.",
                "-id=primary | counter-node: -id primary does not end with a number, which ranks the node in leader"
                        + " election: name it like node-1, or give --node-id.",
                "-id=node-99999999999999999999 | counter-node: -id node-99999999999999999999 ends with a number too"
                        + " large to rank the node by; give --node-id.",
                "-seed=nope | counter-node: -seed: ",
                "-N=three | counter-node: Invalid value for option '-N': 'three' is not an int.",
            })
    void badKeyspaceFlagsAreOneLineUsageErrors(String flag, String start) {
        StringWriter err = new StringWriter();

        assertThat(usageErrorOf(flag, err)).isEqualTo(2);
        assertThat(err.toString())
                .startsWith(start)
                .endsWith(" See 'counter-node --help'.\n")
                .hasLineCount(1);
    }

    @Test
    void helpListsGoDistsFlags() {
        StringWriter out = new StringWriter();
        CounterNodeMain.commandLine().usage(new PrintWriter(out));
        assertThat(out.toString()).contains("-N=N", "-R=R", "-W=W", "-vnodes", "--kv-timeout", "-id", "-seed");
    }

    /** Guarantees: docs/guarantees.md §10. */
    @Test
    void aClusterKeyFileIsReadAndAnUnusableOneIsAOneLineUsageError(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("cluster.key");
        ClusterKey key = ClusterKey.generate(new SecureRandom());
        ClusterKeyFile.create(good, key);
        assertThat(parse("--cluster-key-file=" + good).clusterKey()).contains(key);
        assertThat(parse().clusterKey())
                .as("no key: frames are not authenticated")
                .isEmpty();

        Path shortKey =
                Files.writeString(dir.resolve("short.key"), Base64.getEncoder().encodeToString(new byte[16]));
        StringWriter err = new StringWriter();
        assertThat(usageErrorOf("--cluster-key-file=" + shortKey, err)).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("counter-node: --cluster-key-file: " + shortKey
                        + ": the key is too short: 16 bytes, where 32 are needed")
                .hasLineCount(1);
        StringWriter missing = new StringWriter();
        assertThat(usageErrorOf("--cluster-key-file=" + dir.resolve("nope.key"), missing))
                .isEqualTo(2);
        assertThat(missing.toString()).contains("no such key file: " + dir.resolve("nope.key"));
    }

    @Test
    void portErrorsNameTheFlagThatIsWrong() {
        assertThatThrownBy(() -> parse("--http-port=70000")).hasMessageContaining("--http-port 70000");
        assertThatThrownBy(() -> parse("--addr=localhost:1")).hasMessageContaining("derived from --addr");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "512", "1024", "4096", "1KiB"})
    void anyPositiveSegmentSizeIsAcceptedAsTheOriginalDid(String size) {
        assertThat(parse("--wal-max-size=" + size).storage().maxSegmentBytes()).isEqualTo(ByteSize.parse(size));
    }

    @Test
    void theAdminTokenComesFromAFileAndExcludesLoopbackOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("admin.token");
        Files.writeString(file, "s3cret\n");
        assertThat(parse("--admin-token-file=" + file).http().adminToken()).isEqualTo("s3cret");
        assertThat(parse("--admin-loopback").http().adminLoopback()).isTrue();
        assertThatThrownBy(() -> parse("--admin-token-file=" + file, "--admin-loopback"))
                .hasMessageContaining("--admin-loopback and an admin token exclude each other");
        assertThatThrownBy(() -> parse("--admin-token-file=" + dir.resolve("missing")))
                .hasMessageContaining("cannot be read");
        Files.writeString(file, "\n");
        assertThatThrownBy(() -> parse("--admin-token-file=" + file)).hasMessageContaining("on one line");
    }

    @Test
    void httpReadBoundsAreFlags() {
        assertThat(parse("--http-readers=16", "--http-read-timeout=2s").http().readers())
                .isEqualTo(16);
        assertThatThrownBy(() -> parse("--http-readers=0")).hasMessageContaining("--http-readers");
        assertThatThrownBy(() -> parse("--http-read-timeout=0s")).hasMessageContaining("--http-read-timeout");
    }

    @Test
    void anEmptySegmentSizeIsRefusedClearly() {
        assertThatThrownBy(() -> parse("--wal-max-size=0"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--wal-max-size must be at least 1 byte, not 0");
    }

    @Test
    void helpListsEveryOriginalFlag() {
        StringWriter out = new StringWriter();
        CounterNodeMain.commandLine().usage(new PrintWriter(out));
        assertThat(out.toString())
                .contains(
                        "--addr",
                        "--discovery",
                        "--sync",
                        "--max-peers",
                        "--heartbeat",
                        "--max-fails",
                        "--failure-timeout",
                        "--wal",
                        "--wal-fsync",
                        "--wal-dir",
                        "--wal-max-size",
                        "--http-port",
                        "--http-bind",
                        "--log-level",
                        "Go syntax");
    }

    @ParameterizedTest
    @CsvSource({
        "67108864, 67108864",
        "64MiB, 67108864",
        "64 MiB, 67108864",
        "64mb, 64000000",
        "512KiB, 524288",
        "1GiB, 1073741824",
        "4096, 4096"
    })
    void sizesParse(String text, long bytes) {
        assertThat(ByteSize.parse(text)).isEqualTo(bytes);
    }

    @Test
    void sizesFormatAsTheLargestExactUnit() {
        assertThat(ByteSize.format(64L << 20)).isEqualTo("64MiB");
        assertThat(ByteSize.format(1536 * 1024)).isEqualTo("1536KiB");
        assertThat(ByteSize.format(1000)).isEqualTo("1000");
    }
}
