package dev.distcounter.tool.http;

/** One element of the discovery server's {@code GET /peers}: {@code {"addr","lastSeen"}}. */
public record RegisteredPeer(String addr, String lastSeen) {}
