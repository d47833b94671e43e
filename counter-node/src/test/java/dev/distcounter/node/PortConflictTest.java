package dev.distcounter.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.PortInUseException;
import dev.distcounter.testsupport.LoopbackPorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node started on a port another process holds says so, naming the port and its flag, before
 * it goes near its data directory: a second copy of a running node reports the port, not the
 * running node's WAL lock, and leaves that WAL alone.
 */
class PortConflictTest {
    @TempDir
    Path dir;

    final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    NodeConfig config(int gossipPort, int httpPort, Path walDir) {
        return NodeConfigs.parse(
                "--addr=127.0.0.1:" + gossipPort,
                "--http-port=" + httpPort,
                "--http-bind=127.0.0.1",
                "--discovery=none",
                "--wal-dir=" + walDir);
    }

    ServerSocket taken() throws Exception {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        opened.add(socket);
        return socket;
    }

    @Test
    void aTakenGossipPortIsNamedAndTheDataDirectoryIsNotTouched() throws Exception {
        int port = taken().getLocalPort();
        Path wal = dir.resolve("wal");

        assertThatThrownBy(() -> CounterNode.start(config(port, LoopbackPorts.next(), wal)))
                .isInstanceOf(PortInUseException.class)
                .hasMessage("port " + port + " (--addr 127.0.0.1:" + port + ") is in use: is another node running?"
                        + " (Address already in use)");
        assertThat(wal).doesNotExist();
    }

    @Test
    void aTakenHttpPortIsNamedAndTheGossipPortLetGo() throws Exception {
        int gossip = LoopbackPorts.next();
        int http = taken().getLocalPort();

        assertThatThrownBy(() -> CounterNode.start(config(gossip, http, dir.resolve("wal"))))
                .isInstanceOf(PortInUseException.class)
                .hasMessageStartingWith("port " + http + " (--http-port " + http + ") is in use");
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), gossip));
        }
    }

    @Test
    void aSecondCopyOfARunningNodeReportsThePortNotTheWalLock() throws Exception {
        NodeConfig config = config(LoopbackPorts.next(), LoopbackPorts.next(), dir.resolve("wal"));
        CounterNode running = CounterNode.start(config);
        opened.add(running);
        running.add(5).durable().join();

        NodeAddress addr = config.address();
        assertThatThrownBy(() -> CounterNode.start(config))
                .isInstanceOf(PortInUseException.class)
                .hasMessageStartingWith("port " + addr.port() + " (--addr " + addr + ") is in use");
        assertThat(running.current().value()).isEqualTo(5);
    }
}
