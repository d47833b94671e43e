package dev.distcounter.discovery;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** One element of {@code GET /peers}: {@code {"addr":"localhost:9001","lastSeen":"2026-11-21T05:00:00.123Z"}}. */
record PeerListing(String addr, String lastSeen) {
    // Fixed millisecond precision in UTC, so every entry has the same shape whatever the clock's resolution.
    private static final DateTimeFormatter LAST_SEEN =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    static PeerListing of(Peer peer) {
        return new PeerListing(peer.addr().toString(), LAST_SEEN.format(peer.lastSeen()));
    }
}
