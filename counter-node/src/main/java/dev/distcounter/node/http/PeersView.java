package dev.distcounter.node.http;

import java.util.List;

/** {@code /peers} in JSON: {@code {"count":2,"peers":["localhost:9002","localhost:9003"]}}. */
public record PeersView(int count, List<String> peers) {
    public PeersView {
        peers = List.copyOf(peers);
    }
}
