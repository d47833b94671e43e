package dev.distcounter.discovery;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.http.RequestRefusedException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Whether a node's address can be reached at all: its host resolves. Every node that lists the
 * address would otherwise try to connect to it, for as long as it is registered. (The port,
 * 1..65535, is checked by {@link NodeAddress#parse}.)
 */
final class ResolvableAddress {
    private ResolvableAddress() {}

    /** {@code addr}, or a 400 naming the host that does not resolve. */
    static NodeAddress check(NodeAddress addr) {
        try {
            InetAddress.getByName(addr.host());
            return addr;
        } catch (UnknownHostException | SecurityException e) {
            throw RequestRefusedException.badRequest("host \"" + addr.host() + "\" of " + addr
                    + " does not resolve; register an address the nodes can reach");
        }
    }
}
