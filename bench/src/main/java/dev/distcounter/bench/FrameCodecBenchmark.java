package dev.distcounter.bench;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.auth.ClusterKey;
import dev.distcounter.common.auth.Keyring;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.FrameAuthenticator;
import dev.distcounter.common.protocol.FrameCodec;
import dev.distcounter.common.protocol.FrameException;
import dev.distcounter.common.protocol.FrameStamp;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.common.protocol.ReceivedFrame;
import dev.distcounter.node.crdt.CounterCodec;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.crdt.ReplicaId;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the cluster key costs a frame: encoding (with the HMAC-SHA256 under the primary key) and
 * decoding (CRC, key lookup, HMAC, constant-time comparison) of a PUSH carrying a counter state of
 * {@code replicas} entries, with and without a key. One thread, as a node's writer and reader
 * threads each handle one frame at a time:
 * {@code java -jar bench/target/benchmarks.jar FrameCodecBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class FrameCodecBenchmark {
    /** Whether frames are signed (and checked) with a cluster key. */
    @Param({"false", "true"})
    boolean keyed;

    /** Entries of the counter state: 5 (the script's cluster) or 100 (a long-lived one, about 3 KB). */
    @Param({"5", "100"})
    int replicas;

    private FrameCodec codec;
    private Frame frame;
    private FrameStamp stamp;
    private byte[] encoded;

    @Setup
    public void setUp() {
        Keyring keyring = keyed ? Keyring.of(ClusterKey.generate(new Random(1))) : Keyring.NONE;
        codec = new FrameCodec(FrameCodec.DEFAULT_MAX_PAYLOAD, new FrameAuthenticator(() -> keyring));
        PNCounter state = PNCounter.empty();
        for (int i = 0; i < replicas; i++) {
            state = state.increment(new ReplicaId("localhost:" + (9000 + i), 1_795_240_627_338L + i), 1_000 + i);
        }
        frame = new Frame(MessageType.PUSH, NodeAddress.parse("localhost:9000"), CounterCodec.encode(state));
        stamp = new FrameStamp(1_795_240_627_338L, 1);
        encoded = codec.encode(frame, stamp);
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(frame, stamp);
    }

    @Benchmark
    public ReceivedFrame decode() throws FrameException {
        return codec.decodeReceived(encoded);
    }
}
