package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.auth.ClusterKey;
import dev.distcounter.common.auth.ClusterKeyFile;
import dev.distcounter.common.auth.Keyring;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.FrameAuthenticator;
import dev.distcounter.common.protocol.FrameCodec;
import dev.distcounter.common.protocol.FrameStamp;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.node.antientropy.AntiEntropyMessages;
import dev.distcounter.node.antientropy.LeafDigests;
import dev.distcounter.node.antientropy.RangeLeaves;
import dev.distcounter.node.antientropy.RangeRoots;
import dev.distcounter.node.antientropy.TombstonePurges;
import dev.distcounter.node.antientropy.WantedKeys;
import dev.distcounter.node.crdt.CounterCodec;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.crdt.ReplicaId;
import dev.distcounter.node.election.ElectionMessage;
import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.membership.Heartbeat;
import dev.distcounter.node.replication.HintedWriteRequest;
import dev.distcounter.node.replication.ReadReply;
import dev.distcounter.node.replication.ReadRequest;
import dev.distcounter.node.replication.ReplicaMessages;
import dev.distcounter.node.replication.WriteReply;
import dev.distcounter.node.replication.WriteRequest;
import dev.distcounter.testsupport.LoopbackPorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A frame fuzzer against a real node that runs with a cluster key the fuzzer does not hold: 10,000
 * frames, random bytes or frames built with {@link FrameCodec} for every message type (unsigned,
 * or signed under a stranger's key) and then mutated (bits flipped, truncated, lengths and type
 * codes changed, spliced), one per connection (the node closes a connection at the first frame
 * it refuses) and, on one connection in a thousand, 300 back to back. Keyed, the node must
 * refuse every one of them, whatever its shape: a well-formed PUSH would otherwise change the
 * counter. Afterwards the node runs, answers, holds exactly what
 * the legitimate writes made, accepted no frame, ran a bounded number of threads and logged no
 * ERROR.
 *
 * <p>Guarantees: docs/guarantees.md §6, §10 and §12.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FrameFuzzIT extends ClusterIT {
    private static final String TAG = "[FrameFuzzIT]";
    private static final int FRAMES = 10_000;
    /** Frames on a connection that carries a stream. */
    private static final int FRAMES_PER_STREAM = 300;
    /** One connection in this many carries a stream; the others one frame each. */
    private static final int STREAM_EVERY = 1_000;
    /** A legitimate write every this many connections, so writes and the fuzz interleave. */
    private static final int WRITE_EVERY_CONNECTIONS = 500;
    /** A node on its own runs some 30 threads; the brief's bound for one under attack. */
    private static final long MAX_THREADS = 200;

    private static final MessageType[] TYPES = MessageType.values();

    @Test
    void tenThousandFuzzedFramesChangeNothingOnAKeyedNode() throws Exception {
        long seed = Long.getLong("fuzz.seed", new SecureRandom().nextLong());
        String why = "seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")";
        System.out.printf("%s seed %d%n", TAG, seed);
        Random random = new Random(seed);

        Path keyFile = workDir.resolve("cluster.key");
        ClusterKeyFile.create(keyFile, ClusterKey.generate(new SecureRandom()));
        // Alone, without discovery: every frame the node receives comes from the fuzzer, so
        // "0 frames accepted" is exactly gossip_frames_received_total = 0.
        NodeProcess target = cluster.startNodeWithoutDiscovery("target", "--cluster-key-file=" + keyFile);
        CounterClient client = cluster.client();

        Fuzzer fuzzer = new Fuzzer(random, ClusterKey.generate(random));
        long writes = 0;
        long maxThreads = threads(target);
        Stats stats = new Stats();
        int sent = 0;
        while (sent < FRAMES) {
            if (stats.connections % WRITE_EVERY_CONNECTIONS == 0) {
                client.increment(target, 1);
                writes++;
                maxThreads = Math.max(maxThreads, threads(target));
                assertThat(maxThreads)
                        .as("threads of the target after %d frames; %s", sent, why)
                        .isLessThan(MAX_THREADS);
            }
            // Most connections carry one frame: a keyed node refuses the first frame it reads and
            // closes, so each frame is read as a frame only at the start of a connection. One in
            // STREAM_EVERY carries a stream of a few hundred back to back, as a peer's does:
            // lengths that promise more swallow the next frames, garbage follows a frame.
            int count = stats.connections % STREAM_EVERY == STREAM_EVERY - 1
                    ? Math.min(FRAMES_PER_STREAM, FRAMES - sent)
                    : 1;
            List<byte[]> frames = new ArrayList<>();
            for (int f = 0; f < count; f++) {
                frames.add(fuzzer.next());
            }
            sent += count;
            stats.connections++;
            if (sendAndAwaitClose(target, frames, stats)) {
                stats.closedByNode++;
            }
        }
        stats.mutated = fuzzer.mutated;
        stats.random = fuzzer.randomBytes;

        assertThat(target.isAlive()).as("the target runs; %s", why).isTrue();
        CounterReading after = client.counter(target);
        assertThat(after)
                .as("the target holds what the %d legitimate writes made; %s", writes, why)
                .isEqualTo(new CounterReading(writes, writes));
        Metrics metrics = Metrics.of(client.get(target.uri("/metrics")).body());
        assertThat(metrics.sum("gossip_frames_received_total"))
                .as("frames the target accepted; %s", why)
                .isZero();
        assertThat(metrics.sum("gossip_frames_processed_total"))
                .as("frames processed; %s", why)
                .isZero();
        assertThat(metrics.sum("gossip_frames_failed_total"))
                .as("frames failed; %s", why)
                .isZero();
        long rejected = metrics.sum("gossip_connections_rejected_total");
        long unauthenticated = metrics.sum("gossip_frames_unauthenticated_total");
        // Each connection ends in a refusal (counted) or, for a frame cut short, in the end of
        // the stream (not a refusal): never more refusals than connections, and many of them.
        assertThat(rejected)
                .as("connections the target refused; %s", why)
                .isBetween(stats.connections / 2, stats.connections);
        assertThat(unauthenticated)
                .as("well-formed frames refused by the keyring; %s", why)
                .isPositive();
        maxThreads = Math.max(maxThreads, threads(target));
        assertThat(maxThreads).as("threads of the target; %s", why).isLessThan(MAX_THREADS);
        // Every connection of the fuzzer ends (refused, or closed by us); the node's reader
        // threads end with them, so it is back to a node at rest.
        await("no inbound gossip connection left open on the target; " + why)
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() ->
                        Metrics.of(client.get(target.uri("/metrics")).body()).sum("gossip_connections_inbound") == 0);
        List<String> errors =
                target.logLines().stream().filter(l -> l.contains(" ERROR ")).toList();
        assertThat(errors).as("ERROR lines in the target's log; %s", why).isEmpty();
        client.increment(target, 1);
        assertThat(client.counter(target))
                .as("the target still takes writes; %s", why)
                .isEqualTo(new CounterReading(writes + 1, writes + 1));

        System.out.printf(
                "%s %d frames (%d mutated, %d random bytes; %d KiB) on %d connections, %d closed by the node;"
                        + " node: %d connections rejected %s, %d unauthenticated %s, 0 accepted, at most %d threads,"
                        + " counter %s%n",
                TAG,
                FRAMES,
                stats.mutated,
                stats.random,
                stats.bytes / 1024,
                stats.connections,
                stats.closedByNode,
                rejected,
                metrics.byLabel("gossip_connections_rejected_total"),
                unauthenticated,
                metrics.byLabel("gossip_frames_unauthenticated_total"),
                maxThreads,
                after);
    }

    /** What the fuzzer did. */
    private static final class Stats {
        long connections;
        long closedByNode;
        long bytes;
        long mutated;
        long random;
    }

    /**
     * Frames to send: one in ten random bytes, the rest a valid frame of a random type (unsigned,
     * or signed under a key the node does not hold), then mutated (or, one in ten, sent as it is:
     * the keyring alone must refuse it).
     */
    private static final class Fuzzer {
        private final Random random;
        private final FrameCodec unsigned = new FrameCodec();
        private final FrameCodec strangers;
        private final NodeAddress sender = new NodeAddress("localhost", LoopbackPorts.next());
        long mutated;
        long randomBytes;

        Fuzzer(Random random, ClusterKey strangersKey) {
            this.random = random;
            this.strangers = new FrameCodec(
                    FrameCodec.DEFAULT_MAX_PAYLOAD, new FrameAuthenticator(() -> Keyring.of(strangersKey)));
        }

        byte[] next() {
            if (random.nextInt(10) == 0) {
                randomBytes++;
                byte[] bytes = new byte[1 + random.nextInt(200)];
                random.nextBytes(bytes);
                return bytes;
            }
            byte[] frame = valid();
            if (random.nextInt(10) == 0) {
                return frame;
            }
            mutated++;
            return mutate(frame);
        }

        /** A well-formed frame of a random type, as the codec encodes it. */
        private byte[] valid() {
            MessageType type = TYPES[random.nextInt(TYPES.length)];
            byte[] payload = switch (type) {
                case PULL, PUSH ->
                    CounterCodec.encode(PNCounter.empty()
                            .increment(new ReplicaId("fuzz:" + random.nextInt(5), 1), 1 + random.nextInt(1_000_000)));
                case HEARTBEAT ->
                    new Heartbeat(
                                    random.nextInt(100),
                                    1,
                                    random.nextInt(10),
                                    Optional.empty(),
                                    List.of(sender, new NodeAddress("127.99.0." + (1 + random.nextInt(250)), 9)))
                            .encode();
                case ELECTION, ELECTION_ANSWER, COORDINATOR ->
                    new ElectionMessage(
                                    random.nextInt(1000), random.nextBoolean() ? Long.MAX_VALUE : random.nextInt(10))
                            .encode();
                case KV_READ -> ReplicaMessages.encode(new ReadRequest(random.nextLong(), key()));
                case KV_READ_REPLY ->
                    ReplicaMessages.encode(new ReadReply(random.nextLong(), random.nextBoolean() ? null : held()));
                case KV_WRITE -> ReplicaMessages.encode(new WriteRequest(random.nextLong(), key(), held()));
                case KV_WRITE_REPLY -> ReplicaMessages.encode(WriteReply.stored(random.nextLong(), version(), 0));
                case KV_HINTED_WRITE -> {
                    long id = random.nextLong();
                    yield ReplicaMessages.encode(
                            new HintedWriteRequest(id, "127.99.0.1:9", new WriteRequest(id, key(), held())));
                }
                case AE_ROOTS ->
                    AntiEntropyMessages.encode(new RangeRoots(
                            random.nextLong(),
                            List.of(new RangeRoots.Root(random.nextLong(), random.nextLong(), random.nextLong()))));
                case AE_LEAVES ->
                    AntiEntropyMessages.encode(new RangeLeaves(
                            random.nextLong(),
                            List.of(new RangeLeaves.Leaves(random.nextLong(), random.nextLong(), new long[64]))));
                case AE_DIGESTS ->
                    AntiEntropyMessages.encode(new LeafDigests(
                            random.nextLong(),
                            List.of(new LeafDigests.Part(
                                    random.nextLong(),
                                    random.nextLong(),
                                    random.nextInt(64),
                                    0,
                                    Long.MAX_VALUE,
                                    List.of(new LeafDigests.Digest(key(), version(), random.nextBoolean()))))));
                case AE_WANT -> AntiEntropyMessages.encode(new WantedKeys(random.nextLong(), List.of(key())));
                case KV_PURGE ->
                    AntiEntropyMessages.encode(
                            new TombstonePurges(List.of(new TombstonePurges.Purge(key(), version()))));
            };
            Frame frame = new Frame(type, sender, payload);
            // A fresh stamp, as a sender would write it, so a signed frame is refused for its key alone.
            FrameStamp stamp = new FrameStamp(System.currentTimeMillis(), 1 + random.nextInt(1_000_000));
            return (random.nextBoolean() ? unsigned : strangers).encode(frame, stamp);
        }

        private String key() {
            return "fuzz-" + random.nextInt(100);
        }

        private Version version() {
            return new Version(1 + random.nextInt(1_000_000), sender.toString(), random.nextLong());
        }

        /** A value or a tombstone: a KV_WRITE of one would change the keyspace of a node that took it. */
        private Versioned held() {
            return random.nextInt(4) == 0
                    ? Versioned.tombstone(version())
                    : Versioned.value(version(), "fuzz value " + random.nextInt(1_000_000));
        }

        private byte[] mutate(byte[] frame) {
            byte[] out = frame;
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                out = mutateOnce(out);
            }
            return out;
        }

        private byte[] mutateOnce(byte[] frame) {
            if (frame.length == 0) {
                return new byte[] {(byte) random.nextInt(256)};
            }
            ByteBuffer header = frame.length >= FrameCodec.HEADER_BYTES ? ByteBuffer.wrap(frame) : null;
            switch (random.nextInt(8)) {
                case 0 -> { // flip 1 to 8 bits anywhere
                    int flips = 1 + random.nextInt(8);
                    for (int f = 0; f < flips; f++) {
                        int bit = random.nextInt(frame.length * 8);
                        frame[bit / 8] ^= (byte) (1 << (bit % 8));
                    }
                    return frame;
                }
                case 1 -> { // truncate
                    return Arrays.copyOf(frame, random.nextInt(frame.length));
                }
                case 2 -> { // a payload length that is not the payload's: short, long, huge, negative
                    if (header != null) {
                        int[] lengths = {0, 1, random.nextInt(1 << 20), (1 << 20) + 1, Integer.MAX_VALUE, -1};
                        header.putInt(10, lengths[random.nextInt(lengths.length)]);
                    }
                    return frame;
                }
                case 3 -> { // a sender length that is not the sender's: 0, off by some, 65535
                    if (header != null) {
                        int[] lengths = {0, 1, 255, 256, 65_535, random.nextInt(300)};
                        header.putShort(8, (short) lengths[random.nextInt(lengths.length)]);
                    }
                    return frame;
                }
                case 4 -> { // another type code: known, reserved or unknown
                    if (frame.length > 5) {
                        frame[5] = (byte) random.nextInt(256);
                    }
                    return frame;
                }
                case 5 -> { // the authentication byte, version or key id changed
                    if (header != null) {
                        switch (random.nextInt(3)) {
                            case 0 -> frame[FrameCodec.AUTH_OFFSET] = (byte) random.nextInt(4);
                            case 1 -> frame[4] = (byte) random.nextInt(4);
                            default -> header.putInt(FrameCodec.KEY_ID_OFFSET, random.nextInt());
                        }
                    }
                    return frame;
                }
                case 6 -> { // random bytes appended (a frame followed by garbage)
                    byte[] tail = new byte[1 + random.nextInt(64)];
                    random.nextBytes(tail);
                    byte[] out = Arrays.copyOf(frame, frame.length + tail.length);
                    System.arraycopy(tail, 0, out, frame.length, tail.length);
                    return out;
                }
                default -> { // a byte range overwritten with random bytes
                    int from = random.nextInt(frame.length);
                    int to = Math.min(frame.length, from + 1 + random.nextInt(16));
                    for (int b = from; b < to; b++) {
                        frame[b] = (byte) random.nextInt(256);
                    }
                    return frame;
                }
            }
        }
    }

    /**
     * Writes the frames on a new connection, ends its output (FIN) and waits for the node to close
     * it: after the FIN it holds either a whole frame, which it must refuse, or part of one and
     * then the end. Returns whether the node closed it (true) or it broke under our writes
     * because the node closed it earlier (false, also fine). A node that keeps it open 10 s fails.
     */
    private static boolean sendAndAwaitClose(NodeProcess node, List<byte[]> frames, Stats stats) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", node.tcpPort()), 3000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            try {
                for (byte[] frame : frames) {
                    out.write(frame);
                    stats.bytes += frame.length;
                }
                out.flush();
                socket.shutdownOutput();
            } catch (IOException closedByNode) {
                return false; // refused before all was written: the rest is read by nobody
            }
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            try {
                int b = in.read();
                if (b >= 0) {
                    throw new AssertionError(node + " answered byte " + b + " on an inbound gossip connection");
                }
                return true;
            } catch (SocketTimeoutException held) {
                throw new AssertionError(node + " kept a connection open 10 s after its sender ended it");
            } catch (IOException reset) {
                return true;
            }
        }
    }

    /** The node's thread count, from /proc/PID/status. */
    static long threads(JavaProcess process) throws IOException {
        Path status = Path.of("/proc/" + process.process().pid() + "/status");
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("Threads:")) {
                return Long.parseLong(line.substring("Threads:".length()).trim());
            }
        }
        throw new AssertionError("no Threads line in " + status);
    }

    /** A /metrics page, read by meter name. */
    record Metrics(String body) {
        private static final Pattern LINE = Pattern.compile("(?m)^([a-z_]+)(\\{[^}]*\\})? ([-0-9.E+]+)$");

        static Metrics of(String body) {
            return new Metrics(body);
        }

        /** The sum of every series of the meter (all label values); 0 if it has none. */
        long sum(String name) {
            double sum = 0;
            Matcher m = LINE.matcher(body);
            while (m.find()) {
                if (m.group(1).equals(name)) {
                    sum += Double.parseDouble(m.group(3));
                }
            }
            return (long) sum;
        }

        /** The sum of the series whose labels contain {@code label} (e.g. {@code reason="fault_healed"}). */
        long sum(String name, String label) {
            double sum = 0;
            Matcher m = LINE.matcher(body);
            while (m.find()) {
                if (m.group(1).equals(name) && m.group(2) != null && m.group(2).contains(label)) {
                    sum += Double.parseDouble(m.group(3));
                }
            }
            return (long) sum;
        }

        /** Every non-zero series of the meter, as printed, for the report. */
        List<String> byLabel(String name) {
            List<String> series = new ArrayList<>();
            Matcher m = LINE.matcher(body);
            while (m.find()) {
                if (m.group(1).equals(name) && Double.parseDouble(m.group(3)) != 0) {
                    series.add((m.group(2) == null ? "" : m.group(2)) + " " + m.group(3));
                }
            }
            return series;
        }
    }
}
