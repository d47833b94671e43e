package dev.distcounter.node.http;

import dev.distcounter.common.NodeAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hosts a cluster's nodes run on: the loopback names and the host of every member this node
 * knows (its own included). A browser page served by one of them may read the others'
 * {@code /ui/state} (CORS) and connect to them (the page's Content-Security-Policy); a page from
 * anywhere else may not. Immutable.
 */
record ClusterHosts(Set<String> hosts) {
    private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "::1");

    ClusterHosts {
        hosts = Set.copyOf(hosts);
    }

    /** The loopback names and the hosts of {@code members} ({@code host:port} addresses; unparsable ones are left out). */
    static ClusterHosts of(Collection<String> members) {
        Set<String> hosts = new TreeSet<>(LOOPBACK);
        for (String member : members) {
            try {
                hosts.add(NodeAddress.parse(member).host().toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // Not an address: nothing to allow for it.
            }
        }
        return new ClusterHosts(hosts);
    }

    /** The hosts, sorted. */
    List<String> sorted() {
        return List.copyOf(new TreeSet<>(hosts));
    }

    /** Whether {@code host} (a name or an address, IPv6 with or without brackets) is one of these hosts. */
    boolean containsHost(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return hosts.contains(bare.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether a page from {@code origin} (an {@code Origin} header, null when absent) is a
     * cluster's: {@code http://HOST[:PORT]} with one of these hosts. {@code null} and
     * {@code "null"} (a sandboxed or local-file page) are not.
     */
    boolean allowsOrigin(String origin) {
        if (origin == null || origin.equals("null")) {
            return false;
        }
        try {
            URI uri = new URI(origin);
            String host = uri.getHost();
            if (!"http".equals(uri.getScheme())
                    || host == null
                    || uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
                return false;
            }
            return containsHost(host);
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
