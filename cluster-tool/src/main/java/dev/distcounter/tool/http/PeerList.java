package dev.distcounter.tool.http;

import java.util.List;

/** A node's {@code GET /peers}: {@code {"count","peers"}}. */
public record PeerList(int count, List<String> peers) {
    public PeerList {
        peers = peers == null ? List.of() : List.copyOf(peers);
    }

    /** The node's text reply: "Peers (2): [localhost:9001 localhost:9002]". */
    public String line() {
        return "Peers (" + count + "): [" + String.join(" ", peers) + "]";
    }
}
