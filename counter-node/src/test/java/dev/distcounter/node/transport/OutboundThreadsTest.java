package dev.distcounter.node.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distcounter.common.NodeAddress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Outbound connections cost no thread per peer (docs/architecture.md, "Threads"). */
class OutboundThreadsTest {
    final List<ServerSocket> peers = new ArrayList<>();
    TcpTransport transport;

    /**
     * Threads of outbound connections, by name prefix: the loop and the resolver now; a writer
     * ({@code gossip-out-<peer>}) and a close watcher ({@code gossip-watch-<peer>}) per peer
     * before (200 for these 100 peers).
     */
    static long outboundThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(name -> name.startsWith("gossip-out-")
                        || name.startsWith("gossip-watch-")
                        || name.startsWith("gossip-resolve-"))
                .count();
    }

    @AfterEach
    void stop() {
        if (transport != null) {
            transport.close();
        }
        peers.forEach(OutboundConnection::closeQuietly);
    }

    @Test
    void aHundredPeersCostTwoThreads() throws IOException {
        NodeAddress self = TcpTransportTest.freeAddress();
        transport = new TcpTransport(TransportConfig.defaults(self), new SimpleMeterRegistry());
        transport.start(new TcpTransportTest.Recorder());
        long before = outboundThreads();
        for (int i = 0; i < 100; i++) {
            // a listener that never reads: the connection completes in its backlog
            ServerSocket peer = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
            peers.add(peer);
            transport.send(new NodeAddress("127.0.0.1", peer.getLocalPort()), TcpTransportTest.frame(self, i));
        }
        await("a frame written to each of the hundred peers")
                .atMost(Duration.ofSeconds(20))
                .until(() -> transport.meters().framesSent() == 100);
        long threads = outboundThreads() - before;
        System.out.printf("outbound threads for 100 connected peers: %d%n", threads);
        assertThat(threads).isLessThanOrEqualTo(2);
    }
}
