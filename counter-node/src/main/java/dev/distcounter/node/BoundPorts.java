package dev.distcounter.node;

import dev.distcounter.common.PortInUseException;
import dev.distcounter.common.auth.LiveKeyring;
import dev.distcounter.common.http.RoutedHttpServer;
import dev.distcounter.node.http.CounterHttpApi;
import dev.distcounter.node.transport.FrameSecurity;
import dev.distcounter.node.transport.TcpTransport;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;

/**
 * The node's gossip and HTTP ports, bound before its WAL directory is opened. A second node
 * started on a port a running node holds is then refused for the port, and never reaches the
 * running node's data directory, whose lock would otherwise be the error it reports. Bound, not
 * probed: the ports stay this process's from the check on, so nothing can take them in between.
 * Until the node serves, connections wait in the backlog.
 */
final class BoundPorts implements AutoCloseable {
    private final TcpTransport gossip;
    private final RoutedHttpServer http;

    private BoundPorts(TcpTransport gossip, RoutedHttpServer http) {
        this.gossip = gossip;
        this.http = http;
    }

    /**
     * Binds the gossip port of {@code --addr}, then the HTTP port; gossip frames are signed and
     * checked with {@code keyring}.
     *
     * @throws PortInUseException one of them is taken; the message names the port and its flag
     */
    static BoundPorts bind(NodeConfig config, LiveKeyring keyring, MeterRegistry registry) throws IOException {
        TcpTransport gossip = new TcpTransport(config.transport(), FrameSecurity.of(keyring), registry);
        try {
            gossip.bind();
        } catch (IOException e) {
            int port = config.address().port();
            throw PortInUseException.orSelf(e, port, "--addr " + config.address(), "node");
        }
        try {
            return new BoundPorts(
                    gossip, CounterHttpApi.bind(config.http(), config.address().toString()));
        } catch (IOException e) {
            gossip.close();
            int port = config.http().port();
            throw PortInUseException.orSelf(e, port, "--http-port " + port, "node");
        }
    }

    /** The transport on the bound gossip port, not yet accepting. */
    TcpTransport gossip() {
        return gossip;
    }

    /** The bound HTTP server, not yet serving. */
    RoutedHttpServer http() {
        return http;
    }

    /** Lets both ports go; harmless for a part already started and closed by its owner. */
    @Override
    public void close() {
        gossip.close();
        http.close();
    }
}
